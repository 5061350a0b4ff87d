"""The geometry of a report's timeline: where each bar, marker and label goes.

The HTML template draws what this computes as inline SVG (no script, no fonts fetched):
one row per hukou record, its bar from start to end (to the right edge while in force),
its label to the left (number, whose registration, kind, place, and the successors of an
abolished division); one row per work period before enrollment; a vertical marker for
each gaokao, each enrollment and the decision date, their labels stacked in lanes above
the rows so that close dates (a June gaokao, a September enrollment) do not overlap;
year ticks below.

Coordinates are in SVG user units; the template scales the drawing to the page width.
Text widths are estimated (a CJK character as wide as the font is high, others about
0.6 of it): enough to keep labels apart, since nothing here measures fonts.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from origin_rules.render.records import FactsShown, RecordRow

WIDTH = 720
LABEL_WIDTH = 230  # the column of row labels, left of the chart
CHART_LEFT = LABEL_WIDTH + 10
CHART_RIGHT = WIDTH - 16
FONT = 12
SMALL = 11
LINE = 15  # the height of one line of a row label
BAR_HEIGHT = 14
ROW_PAD = 8
LANE_HEIGHT = 16  # one lane of marker labels
MAX_LANES = 4
AXIS_HEIGHT = 24

XOf = Callable[[date], float]


@dataclass(frozen=True)
class Bar:
    number: int  # the record's number (1-based), or the work period's
    kind: str  # hukou | work
    holder: str | None  # family | student (hukou bars)
    x: float
    width: float
    y: float  # top of the bar
    open_ended: bool  # in force: drawn to the edge
    rests_on: bool
    after_decision: bool
    title: str  # the tooltip: the row's label in one line


@dataclass(frozen=True)
class Row:
    y: float  # top of the row
    height: float
    lines: tuple[tuple[str, str], ...]  # (css class, text) of the label, top to bottom
    bar: Bar
    rests_on: bool


@dataclass(frozen=True)
class Marker:
    kind: str  # gaokao | earlier_gaokao | enrollment | earlier_enrollment | decision
    day: date
    x: float
    label: str
    label_x: float
    label_y: float
    anchor: str  # start | end


@dataclass(frozen=True)
class Tick:
    x: float
    label: str


@dataclass(frozen=True)
class Timeline:
    width: int
    height: float
    chart_left: int
    chart_right: int
    rows_top: float
    rows_bottom: float
    rows: tuple[Row, ...]
    markers: tuple[Marker, ...]
    ticks: tuple[Tick, ...]
    axis_y: float


def text_width(text: str, size: float) -> float:
    # A wide (CJK) character is as wide as the font is high; others about half of it.
    return sum(size if ord(ch) > 0x2E7F else 0.56 * size for ch in text)


def layout(
    facts: FactsShown,
    labels: dict[str, str],
    work_label: str,
    after_label: str,
) -> Timeline:
    """The timeline of `facts`. `labels` names the markers (gaokao, earlier_gaokao,
    enrollment, earlier_enrollment, decision); `work_label` heads a work period's row;
    `after_label` marks a record that starts after the decision date."""
    days = [r.start for r in facts.records] + [r.end for r in facts.records if r.end]
    days += [w.start for w in facts.work] + [w.end for w in facts.work if w.end]
    days += [facts.enrollment, *facts.earlier_gaokao, *facts.earlier_enrollments]
    if facts.gaokao:
        days.append(facts.gaokao)
    if facts.decision_date:
        days.append(facts.decision_date)
    first = date(min(days).year, 1, 1)
    last = date(max(days).year + 1, 1, 1)
    span = (last - first).days

    def x_of(day: date) -> float:
        return round(CHART_LEFT + (CHART_RIGHT - CHART_LEFT) * (day - first).days / span, 1)

    markers_raw = _marker_days(facts, labels)
    lanes = _lanes(markers_raw, x_of)
    top = 4 + LANE_HEIGHT * (max((lane for *_, lane in lanes), default=-1) + 1)
    y: float = top + 6
    rows: list[Row] = []
    for record in facts.records:
        lines = _record_lines(record, after_label)
        rows.append(_row(y, lines, record, x_of, last))
        y += rows[-1].height
    for w in facts.work:
        work_lines = tuple(
            (css, part)
            for css, text in (("label", f"{work_label} {w.number}"), ("place", w.place))
            for part in wrap(text, _SIZES[css])
        )
        height = max(len(work_lines) * LINE + ROW_PAD, BAR_HEIGHT + 2 * ROW_PAD)
        bar_y = y + (height - BAR_HEIGHT) / 2
        end_x = x_of(w.end) if w.end else CHART_RIGHT
        bar = Bar(
            number=w.number,
            kind="work",
            holder=None,
            x=x_of(w.start),
            width=round(max(end_x - x_of(w.start), 2.0), 1),
            y=bar_y,
            open_ended=w.end is None,
            rests_on=False,
            after_decision=False,
            title=" ".join(text for _, text in work_lines),
        )
        rows.append(Row(y, height, work_lines, bar, False))
        y += height
    rows_bottom = y
    markers = tuple(
        Marker(
            kind=kind,
            day=day,
            x=x_of(day),
            label=label,
            label_x=label_x,
            label_y=4 + LANE_HEIGHT * lane + SMALL,
            anchor=anchor,
        )
        for (kind, day, label), (label_x, anchor, lane) in zip(markers_raw, lanes, strict=True)
    )
    ticks = _ticks(first, last, x_of)
    axis_y = rows_bottom + 4
    return Timeline(
        width=WIDTH,
        height=axis_y + AXIS_HEIGHT,
        chart_left=CHART_LEFT,
        chart_right=CHART_RIGHT,
        rows_top=top,
        rows_bottom=rows_bottom,
        rows=tuple(rows),
        markers=markers,
        ticks=ticks,
        axis_y=axis_y,
    )


def _record_lines(record: RecordRow, after_label: str) -> tuple[tuple[str, str], ...]:
    head = f"{record.number}. {record.holder_label} · {record.kind_label}"
    lines = [("label", head), ("place", record.place)]
    lines.extend(("successor", f"→ {s}") for s in record.successors)
    if record.after_decision:
        lines.append(("note", after_label))
    return tuple((css, part) for css, text in lines for part in wrap(text, _SIZES[css]))


# The font size of each kind of label line (the stylesheet's), bold counted a little wider.
_SIZES = {"label": FONT + 1, "place": FONT, "successor": SMALL, "note": SMALL}


def wrap(text: str, size: float, width: float = LABEL_WIDTH - 8) -> list[str]:
    """`text` in lines that fit the label column: broken at spaces where there are
    any (English), else between characters (Chinese)."""
    lines: list[str] = []
    line = ""
    for piece in _pieces(text):
        if line and text_width(line + piece, size) > width:
            lines.append(line.rstrip())
            line = piece.lstrip()
        else:
            line += piece
    lines.append(line.rstrip())
    return lines


def _pieces(text: str) -> list[str]:
    """Words with the space before them, and each wide character on its own."""
    pieces: list[str] = []
    for ch in text:
        if ord(ch) > 0x2E7F or not pieces or ch == " " or ord(pieces[-1][-1]) > 0x2E7F:
            pieces.append(ch)
        else:
            pieces[-1] += ch
    return pieces


def _row(
    y: float, lines: tuple[tuple[str, str], ...], record: RecordRow, x_of: XOf, last: date
) -> Row:
    height = max(len(lines) * LINE + ROW_PAD, BAR_HEIGHT + 2 * ROW_PAD)
    bar_y = y + (height - BAR_HEIGHT) / 2
    start_x = x_of(record.start)
    end_x = x_of(record.end) if record.end else x_of(last)
    bar = Bar(
        number=record.number,
        kind="hukou",
        holder=record.holder,
        x=start_x,
        width=round(max(end_x - start_x, 2.0), 1),
        y=bar_y,
        open_ended=record.end is None,
        rests_on=record.rests_on,
        after_decision=record.after_decision,
        title=" ".join(text for _, text in lines),
    )
    return Row(y, height, lines, bar, record.rests_on)


def _marker_days(facts: FactsShown, labels: dict[str, str]) -> list[tuple[str, date, str]]:
    found: list[tuple[str, date, str]] = []
    for day in facts.earlier_gaokao:
        found.append(("earlier_gaokao", day, labels["earlier_gaokao"]))
    if facts.gaokao:
        found.append(("gaokao", facts.gaokao, labels["gaokao"]))
    for day in facts.earlier_enrollments:
        found.append(("earlier_enrollment", day, labels["earlier_enrollment"]))
    found.append(("enrollment", facts.enrollment, labels["enrollment"]))
    if facts.decision_date:
        found.append(("decision", facts.decision_date, labels["decision"]))
    found.sort(key=lambda m: m[1])
    return [(kind, day, f"{label} {day.isoformat()}") for kind, day, label in found]


def _lanes(markers: list[tuple[str, date, str]], x_of: XOf) -> list[tuple[float, str, int]]:
    """Each marker's label: its x, anchor and lane, the lowest lane where it does not
    run into a label already placed. A label near the right edge ends at its marker."""
    placed: list[list[tuple[float, float]]] = []
    out: list[tuple[float, str, int]] = []
    for _, day, label in markers:
        x = x_of(day)
        width = text_width(label, SMALL) + 6
        if x + width <= CHART_RIGHT + 15:
            left, right, anchor, label_x = x, x + width, "start", x + 3
        else:
            left, right, anchor, label_x = x - width, x, "end", x - 3
        for lane, taken in enumerate(placed):
            if all(right <= a or left >= b for a, b in taken):
                taken.append((left, right))
                out.append((label_x, anchor, lane))
                break
        else:
            lane = min(len(placed), MAX_LANES - 1)
            if lane == len(placed):
                placed.append([])
            placed[lane].append((left, right))
            out.append((label_x, anchor, lane))
    return out


def _ticks(first: date, last: date, x_of: XOf) -> tuple[Tick, ...]:
    years = last.year - first.year
    step = next(s for s in (1, 2, 5, 10, 20, 50) if years / s <= 12)
    return tuple(
        Tick(x_of(date(year, 1, 1)), str(year))
        for year in range(first.year, last.year + 1)
        if year % step == 0
    )
