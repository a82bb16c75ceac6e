"""`sop stats`: what the SOP data encodes per chapter, how much of it is verified, and what is still open."""

from __future__ import annotations

import json

from sop_portal.cli.common import (
    EXIT_OK,
    command,
    data_dir_arg,
    existing_data_dir,
)


@command("stats")
class Stats:
    @staticmethod
    def arguments(sub, t):
        data_dir_arg(sub, t)
        sub.add_argument("--format", choices=("text", "json"), default="text", help=t["format_help"])

    @staticmethod
    def run(args, t) -> int:
        from sop_portal.build.portal import load_portal
        from sop_portal.outputs.stats import portal_stats

        root = existing_data_dir(args)
        stats = portal_stats(load_portal(root))
        if args.format == "json":
            print(json.dumps(stats, ensure_ascii=False, indent=2))
            return EXIT_OK
        print(format_stats(stats, args.lang, t))
        return EXIT_OK


def format_stats(stats: dict, lang: str, t: dict) -> str:
    statuses = ("verified", "secondary", "unverified", "open")
    head = [t["stats_header"], t["steps"], t["checklist"], *statuses]
    rows = [
        [f"{c['number']}. {c['title'][lang]}", c["steps"], c["checklist"], *(c["status"][s] for s in statuses)]
        for c in stats["chapters"]
    ]
    tot = stats["total"]
    rows.append([t["total"], tot["steps"], tot["checklist"], *(tot["status"][s] for s in statuses)])
    widths = [max(len(str(r[i])) for r in [head, *rows]) for i in range(len(head))]
    fmt = lambda r: "  ".join(str(v).ljust(w) if i == 0 else str(v).rjust(w) for i, (v, w) in enumerate(zip(r, widths)))
    lines = [
        fmt(head),
        "  ".join("-" * w for w in widths),
        *(fmt(r) for r in rows[:-1]),
        "  ".join("-" * w for w in widths),
        fmt(rows[-1]),
        "",
        t["open_items"].format(count=len(stats["open_items"])),
    ]
    lines += [f"  - [{i['owner']}] {i['id']}: {i['text'][lang]}" for i in stats["open_items"]]
    return "\n".join(lines)
