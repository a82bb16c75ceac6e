"""`sop diff`: a district's changes against the national baseline."""

from __future__ import annotations

import json

from sop_portal.cli.common import (
    EXIT_OK,
    command,
    data_dir_opt,
    existing_data_dir,
)


@command("diff")
class Diff:
    @staticmethod
    def arguments(sub, t):
        sub.add_argument("slug", metavar="SLUG", help=t["diff_slug_help"])
        data_dir_opt(sub, t)
        sub.add_argument("--format", choices=("text", "json"), default="text", help=t["format_help"])

    @staticmethod
    def run(args, t) -> int:
        from sop_portal.build.portal import UnknownDistrict, load_with_districts
        from sop_portal.outputs.diff import district_diff, format_diff

        existing_data_dir(args)
        national, districts = load_with_districts(args.data_dir)  # validated once, national and districts
        if args.slug not in districts:
            raise UnknownDistrict(args.slug, sorted(districts))
        district = districts[args.slug]
        diff = district_diff(national, district)
        if args.format == "json":
            print(json.dumps(diff, ensure_ascii=False, indent=2))
        else:
            print(format_diff(diff, args.lang, t))
        return EXIT_OK
