"""`sop upgrade`: move a district profile to a new national version, one reviewed step at a time."""

from __future__ import annotations

import sys

from sop_portal.cli.common import (
    EXIT_DATA,
    EXIT_OK,
    UsageError,
    command,
    data_dir_opt,
    existing_data_dir,
)
from sop_portal.data.problems import catalog


@command("upgrade")
class Upgrade:
    @staticmethod
    def arguments(sub, t):
        sub.add_argument("slug", metavar="SLUG", help=t["upgrade_slug_help"])
        sub.add_argument("--to", required=True, metavar="VERSION", help=t["upgrade_to_help"])
        sub.add_argument("--accept", action="append", default=[], metavar="STEP_ID", help=t["upgrade_accept_help"])
        data_dir_opt(sub, t)

    @staticmethod
    def run(args, t) -> int:
        from sop_portal.data.problems import display_path
        from sop_portal.outputs import upgrade
        from sop_portal.outputs.fileio import write_atomic

        existing_data_dir(args)
        try:
            p = upgrade.plan(args.data_dir, args.slug, args.to)
        except upgrade.UpgradeError as exc:
            raise UsageError(t[exc.code].format(**exc.params)) from None
        pending = {i.step: i for i in p.pending}
        unknown = [s for s in args.accept if s not in pending]
        if unknown:
            raise UsageError(
                t["upgrade_not_an_item"].format(steps=", ".join(unknown), pending=", ".join(pending) or "—")
            )
        shown = display_path(p.profile)
        print(t["upgrade_header"].format(name=args.slug, base=p.base, to=p.target, path=shown))
        if not pending and p.base == p.target:
            print(t["upgrade_nothing"].format(version=p.target))
            return EXIT_OK
        print(format_upgrade(p, args.lang, t, shown))
        accepted = set(args.accept)
        left = [s for s in pending if s not in accepted]
        if left and sys.stdin.isatty():
            for step in left:
                item = pending[step]
                try:
                    answer = input(t["upgrade_ask"].format(step=step, kind=t[f"upgrade_kind_{item.kind}"])).strip()
                except EOFError:
                    answer = ""
                if answer.lower() in t["upgrade_yes"].split(","):
                    accepted.add(step)
            left = [s for s in pending if s not in accepted]
        if left:
            print(t["upgrade_left"].format(count=len(left), steps=", ".join(left), base=p.base), file=sys.stderr)
            return EXIT_DATA
        comment = " / ".join(
            catalog(lang)["cli"]["upgrade_comment"].format(version=p.target, step="{step}") for lang in ("id", "en")
        )
        try:
            new_text = upgrade.rewrite(p, accepted, comment)
        except upgrade.UpgradeError as exc:
            raise UsageError(t[exc.code].format(**exc.params)) from None
        problems = upgrade.check_rewritten(p, new_text)
        if problems:
            for q in problems:
                print(q.format(args.lang))
            print(t["upgrade_result_invalid"].format(path=shown), file=sys.stderr)
            return EXIT_DATA
        if p.profile.read_bytes().decode("utf-8-sig") != p.text:  # edited while we ran: never overwrite that
            print(t["upgrade_file_changed"].format(path=shown), file=sys.stderr)
            return EXIT_DATA
        write_atomic(p.profile, new_text, force=True)
        print(t["upgrade_done"].format(path=shown, base=p.base, to=p.target, count=len(pending)))
        return EXIT_OK


def format_upgrade(p, lang: str, t: dict, shown: str) -> str:
    from sop_portal.outputs.upgrade import word_diff

    lines = []
    groups = [(kind, [i for i in p.items if i.kind == kind]) for kind in ("changed", "removed", "unknown", "unchanged")]
    marks = {"changed": "~", "removed": "-", "unknown": "?", "unchanged": "="}
    for kind, items in groups:
        if not items:
            continue
        lines.append(t[f"upgrade_group_{kind}"].format(count=len(items), base=p.base, to=p.target))
        for i in items:
            lines.append(f"  {marks[kind]} {i.step} [{t['action_' + i.action]}] ({shown}:{i.line})")
            if kind == "changed":
                for code in ("id", "en"):
                    lines.append(f"      {code}: {word_diff(i.base[code], i.target[code])}")
            elif kind == "unknown":
                for code in ("id", "en"):
                    lines.append(f"      {code}: {i.target[code]}")
            elif kind == "removed":
                for code in ("id", "en"):
                    lines.append(f"      {code}: [-{i.base[code]}-]" if i.base else f"      {code}: —")
        hint = t.get(f"upgrade_hint_{kind}")
        if hint:
            lines.append("    " + hint)
    return "\n".join(lines)
