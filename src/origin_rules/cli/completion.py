"""`origin-rules completion bash|zsh`: a shell completion script for the command, made
from the parser itself (by shtab), so it always knows every subcommand and option."""

from __future__ import annotations

import argparse

from origin_rules.cli.common import EXIT_OK, Fatal, add_command, output_option, output_stream

SHELLS = ("bash", "zsh")

EXAMPLES = """\
Examples:
  origin-rules completion bash > ~/.local/share/bash-completion/completions/origin-rules
  origin-rules completion zsh -o ~/.zfunc/_origin-rules   # with fpath+=~/.zfunc in .zshrc
  eval "$(origin-rules completion bash)"                   # this shell only

Subcommands, options and their choices complete; so do file and folder arguments.
"""

# The metavars of arguments that name files, and of those that name folders.
_FILE_METAVARS = frozenset({"FILE"})
_FOLDER_METAVARS = frozenset(
    {"DIR", "RULE_DIR", "RULESET_DIR", "WORKFLOW_DIR", "OLD_DIR", "NEW_DIR"}
)


def _mark_paths(parser: argparse.ArgumentParser, shtab: object) -> None:
    """Tell shtab which arguments complete as files and which as folders, in every
    subcommand (an argument's `complete` attribute is how shtab learns it)."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub in action.choices.values():
                _mark_paths(sub, shtab)
        elif action.metavar in _FILE_METAVARS:
            action.complete = shtab.FILE  # type: ignore[attr-defined]
        elif action.metavar in _FOLDER_METAVARS:
            action.complete = shtab.DIRECTORY  # type: ignore[attr-defined]


def cmd_completion(args: argparse.Namespace) -> int:
    try:
        import shtab
    except ImportError:
        raise Fatal(
            "shell completion needs shtab, which installs with origin-rules: "
            "pip install --force-reinstall origin-rules (or pip install shtab)"
        ) from None
    from origin_rules.cli import build_parser

    parser = build_parser()
    _mark_paths(parser, shtab)
    script = shtab.complete(parser, shell=args.shell)
    with output_stream(args.output) as out:
        out.write(script if script.endswith("\n") else script + "\n")
    return EXIT_OK


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = add_command(
        sub,
        "completion",
        "Print a shell completion script (bash or zsh) for origin-rules.",
        EXAMPLES,
        cmd_completion,
    )
    p.add_argument("shell", choices=SHELLS, help="the shell: bash or zsh")
    output_option(p)
