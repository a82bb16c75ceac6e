"""`sop validate`: check a data folder and report every problem as text, JSON or GitHub annotations."""

from __future__ import annotations

import json
import sys

from sop_portal.cli.common import (
    EXIT_DATA,
    EXIT_OK,
    command,
    data_dir_arg,
    existing_data_dir,
)
from sop_portal.data.problems import label


@command("validate")
class Validate:
    @staticmethod
    def arguments(sub, t):
        data_dir_arg(sub, t)
        sub.add_argument("--format", choices=("text", "json", "github"), default="text", help=t["validate_format_help"])
        sub.add_argument("--district", metavar="SLUG", help=t["validate_district_help"])

    @staticmethod
    def run(args, t) -> int:
        from sop_portal.build.portal import UnknownDistrict
        from sop_portal.data import checks
        from sop_portal.data.validate import validate

        root = existing_data_dir(args)
        report = validate(root)
        if args.district:  # the national data and this district alone: other districts are other teams'
            if args.district not in report.data.districts:
                raise UnknownDistrict(args.district, sorted(report.data.districts))
            report = checks.only_district(report, args.district)
        if args.format == "github":  # annotations on the pull request's lines, paths from the repository root
            repo = checks.repository_root(root)
            for p in report.problems:
                print(checks.github_annotation(p, args.lang, repo))
            n_err, n_warn = len(report.errors), len(report.warnings)
            key = "summary_errors" if n_err else "summary_ok_warnings" if n_warn else "summary_ok"
            print(label(key, args.lang, files=report.file_count, errors=n_err, warnings=n_warn), file=sys.stderr)
            return EXIT_OK if report.ok else EXIT_DATA
        if args.format == "json":
            out = [
                {
                    "path": p.format(args.lang).split(":", 1)[0],
                    "line": p.line,
                    "column": p.col,
                    "severity": p.severity,
                    "code": p.code,
                    "message": p.message(args.lang),
                }
                for p in report.problems
            ]
            print(
                json.dumps(
                    {"valid": report.ok, "files": report.file_count, "problems": out}, ensure_ascii=False, indent=2
                )
            )
        else:
            for p in report.problems:
                print(p.format(args.lang))
            n_err, n_warn = len(report.errors), len(report.warnings)
            if n_err:
                summary = label("summary_errors", args.lang, files=report.file_count, errors=n_err, warnings=n_warn)
            elif n_warn:
                summary = label("summary_ok_warnings", args.lang, files=report.file_count, warnings=n_warn)
            else:
                summary = label("summary_ok", args.lang, files=report.file_count)
            print(summary, file=sys.stderr if n_err else sys.stdout)
        return EXIT_OK if report.ok else EXIT_DATA
