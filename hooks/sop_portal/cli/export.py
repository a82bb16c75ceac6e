"""`sop export`: the contact directory (CSV, vCard, JSON, HSDS) or the whole SOP (JSON)."""

from __future__ import annotations

import sys

from sop_portal.cli.common import (
    EXIT_OK,
    UsageError,
    command,
    data_dir_opt,
    existing_data_dir,
    output_opts,
    refuse_existing_output,
)

# What each subject of `sop export` can be written as.
EXPORT_FORMATS = {"contacts": ("csv", "vcf", "json", "hsds"), "sop": ("json",)}


@command("export")
class Export:
    @staticmethod
    def arguments(sub, t):
        # The subject `sop` and the format `hsds` came later: their help is added to the first texts.
        sub.description = f"{t['export_description']}\n\n{t['export_more_description']}"
        sub.add_argument("what", choices=tuple(EXPORT_FORMATS), help=t["export_what_all_help"])
        sub.add_argument(
            "--format", choices=("csv", "vcf", "json", "hsds"), required=True, help=t["export_format_all_help"]
        )
        sub.add_argument("--district", metavar="SLUG", help=t["district_opt_help"])
        output_opts(sub, t, "FILE", "output_help", required=False)
        data_dir_opt(sub, t)

    @staticmethod
    def run(args, t) -> int:
        from sop_portal.build.portal import load_portal
        from sop_portal.outputs.export import FORMATS
        from sop_portal.outputs.fileio import write_atomic

        if args.format not in EXPORT_FORMATS[args.what]:
            raise UsageError(
                t["export_format_not_for"].format(
                    what=args.what, format=args.format, formats=", ".join(EXPORT_FORMATS[args.what])
                )
            )
        existing_data_dir(args)
        refuse_existing_output(args)
        portal = load_portal(args.data_dir, district=args.district)
        if args.what == "sop":
            from sop_portal.outputs import sopdata

            text = sopdata.to_json(portal)
            done = t["written_sop"].format(
                path=args.output, version=portal.sop_version, chapters=len(portal.services), steps=len(portal.steps)
            )
        else:
            text = FORMATS[args.format](portal, args.lang)
            done = t["written"].format(path=args.output, count=len(portal.public_contacts))
        if not args.output:
            sys.stdout.write(text)
            return EXIT_OK
        write_atomic(args.output, text, force=args.force)
        print(done, file=sys.stderr)
        return EXIT_OK
