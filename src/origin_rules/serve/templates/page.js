// The page's only script: add and remove table rows, send an uploaded file as base64
// in an ordinary form (no multipart parser on the server), and switch the language of
// a decision shown (its facts decided again in the other language).
document.querySelectorAll("button.add-row").forEach(function (button) {
  button.addEventListener("click", function () {
    var table = button.dataset.table;
    var row = document.getElementById(table + "-template").content.cloneNode(true);
    document.querySelector("#" + table + "-table tbody").appendChild(row);
  });
});
document.addEventListener("click", function (event) {
  if (event.target.matches("button.remove-row")) {
    event.target.closest("tr").remove();
  }
});
document.getElementById("file-form").addEventListener("submit", function (event) {
  event.preventDefault();
  var form = event.target;
  var file = document.getElementById("file-input").files[0];
  if (!file) {
    return;
  }
  var reader = new FileReader();
  reader.onload = function () {
    var url = reader.result;
    form.elements.file_base64.value = url.slice(url.indexOf(",") + 1);
    form.elements.file_name.value = file.name;
    form.submit();
  };
  reader.readAsDataURL(file);
});
document.getElementById("lang-switch").addEventListener("click", function (event) {
  var again = event.currentTarget.dataset.resubmit;
  if (again) {
    event.preventDefault();
    document.getElementById(again).submit();
  }
});
