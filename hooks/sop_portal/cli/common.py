"""What every `sop` command shares: exit codes, the registry commands join, and the checks of paths and outputs."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Callable

from sop_portal.data.problems import catalog, label

EXIT_OK, EXIT_DATA, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 70

# Subcommands register here, in the order `sop --help` lists them: name -> (add_arguments(parser, t), run(args, t))
COMMANDS: dict[str, tuple[Callable, Callable]] = {}


def command(name: str):
    """Registers a class with static ``arguments(sub, t)`` and ``run(args, t) -> exit code`` as `sop NAME`."""

    def wrap(cls):
        COMMANDS[name] = (cls.arguments, cls.run)
        return cls

    return wrap


class UsageError(Exception):
    """The command was used wrongly (exit 2); the message says how to use it right."""


def data_dir_arg(sub: argparse.ArgumentParser, t: dict) -> None:
    sub.add_argument("data_dir", nargs="?", default="sop_data", metavar="DATA_DIR", help=t["data_dir_help"])


def data_dir_opt(sub: argparse.ArgumentParser, t: dict) -> None:
    sub.add_argument("--data-dir", default="sop_data", help=t["data_dir_opt_help"])


def output_opts(sub: argparse.ArgumentParser, t: dict, metavar: str, help_key: str, required: bool = True) -> None:
    """-o/--output FILE and --force: a file is never overwritten unless asked."""
    sub.add_argument("-o", "--output", metavar=metavar, required=required, help=t[help_key])
    sub.add_argument("--force", action="store_true", help=t["force_output_help"])


def refuse_existing_output(args) -> None:
    """Checked before the work, so nobody waits for a build whose result would not be written."""
    if getattr(args, "output", None) and Path(args.output).exists() and not args.force:
        raise UsageError(catalog(args.lang)["cli"]["output_exists"].format(path=args.output))


def existing_data_dir(args) -> Path:
    path = Path(args.data_dir)
    if not path.is_dir():
        raise UsageError(label("no_data_dir", args.lang, path=args.data_dir))
    return path


def other_lang(lang: str) -> str:
    return "en" if lang == "id" else "id"


def print_browser_missing(exc, lang: str) -> int:
    """No chromium (or no PDF reader) for a PDF: said in both languages, since whoever installs the tools may not
    read the user's language. Returns the usage exit code."""
    for code in (lang, other_lang(lang)):
        msg = catalog(code)["cli"][f"handouts_no_{exc.what}"].format(path=exc.path or "")
        print(msg + (f" ({exc.detail})" if exc.detail and exc.what == "chromium" else ""), file=sys.stderr)
    return EXIT_USAGE
