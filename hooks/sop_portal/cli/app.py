"""The `sop` parser and entry point: languages, argparse's own words translated, and errors turned into exit codes."""

from __future__ import annotations

import argparse
import contextlib
import importlib
import os
import sys

from sop_portal import settings
from sop_portal.cli.common import COMMANDS, EXIT_DATA, EXIT_INTERNAL, EXIT_OK, EXIT_USAGE, UsageError
from sop_portal.data.problems import DataError, catalog

# One module per command, in the order `sop --help` lists them; each registers itself with @command.
COMMAND_MODULES = ("validate", "stats", "new_district", "diff", "export", "package", "handouts", "document", "upgrade")
for _name in COMMAND_MODULES:
    importlib.import_module(f"sop_portal.cli.{_name}")


def _lang_from_argv(argv: list[str]) -> str | None:
    for i, arg in enumerate(argv):
        if arg == "--lang" and i + 1 < len(argv):
            return argv[i + 1]
        if arg.startswith("--lang="):
            return arg.split("=", 1)[1]
    return None


class _Parser(argparse.ArgumentParser):
    """argparse that exits with 2 on wrong usage (its default) and keeps our help formatting."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("formatter_class", argparse.RawDescriptionHelpFormatter)
        super().__init__(*args, **kwargs)


def build_parser(lang: str) -> argparse.ArgumentParser:
    t = catalog(lang)["cli"]
    parser = _Parser(prog="sop", description=t["prog_description"], epilog=t["prog_epilog"])
    parser.add_argument("--lang", choices=("id", "en"), help=t["lang_help"])
    subs = parser.add_subparsers(dest="command", metavar="COMMAND")
    subs.required = True
    for name, (add_arguments, _run) in COMMANDS.items():
        key = name.replace("-", "_")
        sub = subs.add_parser(
            name,
            help=t.get(f"{key}_help"),
            description=t.get(f"{key}_description"),
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        sub.add_argument("--lang", choices=("id", "en"), help=t["lang_help"], default=argparse.SUPPRESS)
        add_arguments(sub, t)
    return parser


@contextlib.contextmanager
def argparse_language(lang: str):
    """argparse's own words ('usage:', 'options:', 'the following arguments are required', ...) in ``lang``:
    argparse looks them up through its module-level gettext function, so it is swapped for the call."""
    words = catalog(lang)["cli"].get("argparse", {})
    original = argparse._
    argparse._ = lambda text: words.get(text, text)
    try:
        yield
    finally:
        argparse._ = original


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    lang = settings.pick_lang(_lang_from_argv(argv))
    try:
        with argparse_language(lang):
            parser = build_parser(lang)
            args = parser.parse_args(argv)
    except SystemExit as exc:  # --help exits 0, wrong usage 2
        return int(exc.code or 0)
    args.lang = settings.pick_lang(getattr(args, "lang", None))
    _, run = COMMANDS[args.command]
    from sop_portal.build.portal import UnknownDistrict
    from sop_portal.outputs.fileio import WouldOverwrite

    t = catalog(args.lang)["cli"]
    try:
        return run(args, t)
    except UsageError as exc:
        print(exc, file=sys.stderr)
        return EXIT_USAGE
    except WouldOverwrite as exc:  # the file appeared while the work ran: still never overwritten
        print(t["output_exists"].format(path=exc), file=sys.stderr)
        return EXIT_USAGE
    except UnknownDistrict as exc:
        print(t["unknown_district"].format(slug=exc.slug, known=", ".join(exc.known) or "—"), file=sys.stderr)
        return EXIT_USAGE
    except DataError as exc:
        for p in exc.problems:
            print(p.format(args.lang))
        print(t["data_invalid"], file=sys.stderr)
        return EXIT_DATA
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # `sop stats | head`: the reader left; not an error
        try:
            sys.stdout = open(os.devnull, "w")
        except OSError:
            pass
        return EXIT_OK
    except Exception as exc:  # never a traceback for the user; SOP_DEBUG=1 shows it
        if settings.debug():
            raise
        print(t["internal_error"].format(error=f"{type(exc).__name__}: {exc}"), file=sys.stderr)
        return EXIT_INTERNAL
