"""The ``sop`` command: a thin layer over the package that turns results into messages and exit codes, one module
per command (``cli/validate.py`` is `sop validate`), the parser and entry point in ``cli/app.py``.

Exit codes: 0 the data is valid, 1 the data has errors, 2 the command was used wrongly.
"""

from sop_portal.cli.app import argparse_language, build_parser, main
from sop_portal.cli.common import COMMANDS

__all__ = ["COMMANDS", "argparse_language", "build_parser", "main"]
