"""`sop document`: the complete SOP as a Word file or an A4 PDF."""

from __future__ import annotations

import sys
from pathlib import Path

from sop_portal import settings
from sop_portal.cli.common import (
    EXIT_OK,
    EXIT_USAGE,
    UsageError,
    command,
    data_dir_opt,
    existing_data_dir,
    output_opts,
    print_browser_missing,
    refuse_existing_output,
)
from sop_portal.data.problems import catalog


@command("document")
class Document:
    @staticmethod
    def arguments(sub, t):
        sub.add_argument("--district", metavar="SLUG", help=t["document_district_help"])
        sub.add_argument("--format", choices=("docx", "pdf"), required=True, help=t["document_format_help"])
        output_opts(sub, t, "FILE", "document_output_help")
        data_dir_opt(sub, t)

    @staticmethod
    def run(args, t) -> int:
        from sop_portal.build.portal import load_portal
        from sop_portal.outputs import document, documentdocx, documentpdf, handouts
        from sop_portal.outputs.fileio import write_atomic

        existing_data_dir(args)
        if Path(args.output).suffix.lower() != f".{args.format}":
            raise UsageError(t["document_bad_suffix"].format(path=args.output, format=args.format))
        refuse_existing_output(args)
        portal = load_portal(args.data_dir, district=args.district)
        today = settings.today()
        doc = document.build(portal, args.lang, today)
        if args.format == "docx":
            try:
                data = documentdocx.write(doc)
            except documentdocx.DocxMissing:
                for lang in (args.lang, "en" if args.lang == "id" else "id"):
                    print(catalog(lang)["cli"]["document_no_docx"], file=sys.stderr)
                return EXIT_USAGE
            write_atomic(args.output, data, force=args.force)
            print(t["document_written_docx"].format(path=args.output, size=f"{len(data) / 1e3:.0f}"), file=sys.stderr)
            return EXIT_OK
        try:
            data = documentpdf.build_pdf(doc)
        except handouts.BrowserMissing as exc:
            return print_browser_missing(exc, args.lang)
        write_atomic(args.output, data, force=args.force)
        print(
            t["document_written_pdf"].format(
                path=args.output, pages=handouts.count_pages(data), size=f"{len(data) / 1e3:.0f}"
            ),
            file=sys.stderr,
        )
        return EXIT_OK
