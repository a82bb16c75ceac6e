"""`sop handouts`: the trainer's A4 handout pack as one PDF."""

from __future__ import annotations

import sys

from sop_portal import settings
from sop_portal.cli.common import (
    EXIT_OK,
    command,
    data_dir_opt,
    existing_data_dir,
    output_opts,
    print_browser_missing,
    refuse_existing_output,
)


@command("handouts")
class Handouts:
    @staticmethod
    def arguments(sub, t):
        output_opts(sub, t, "FILE.pdf", "handouts_output_help")
        sub.add_argument("--district", metavar="SLUG", help=t["handouts_district_help"])
        data_dir_opt(sub, t)

    @staticmethod
    def run(args, t) -> int:
        from sop_portal.build.portal import load_portal
        from sop_portal.outputs import handouts
        from sop_portal.outputs.fileio import write_atomic

        existing_data_dir(args)
        refuse_existing_output(args)
        portal = load_portal(args.data_dir, district=args.district)
        # The district's own contacts come first in the pack; the resolved portal knows which they are.
        local_ids = frozenset(portal.district.local_contact_ids) if portal.district else frozenset()
        today = settings.today()
        try:
            pdf = handouts.build_pdf(portal, args.lang, today, local_ids)
        except handouts.BrowserMissing as exc:
            return print_browser_missing(exc, args.lang)
        write_atomic(args.output, pdf, force=args.force)
        print(t["handouts_written"].format(path=args.output, pages=handouts.count_pages(pdf)), file=sys.stderr)
        return EXIT_OK
