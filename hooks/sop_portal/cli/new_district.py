"""`sop new-district`: a new district profile that validates at once, optionally pre-filled by the adaptation tree."""

from __future__ import annotations

import sys
from pathlib import Path

from sop_portal.cli.common import (
    EXIT_OK,
    EXIT_USAGE,
    command,
    data_dir_opt,
    existing_data_dir,
)


@command("new-district")
class NewDistrict:
    @staticmethod
    def arguments(sub, t):
        sub.add_argument("slug", metavar="SLUG", help=t["slug_help"])
        sub.add_argument("--name", required=True, help=t["name_help"])
        sub.add_argument("--name-en", help=t["name_en_help"])
        sub.add_argument("--province", required=True, help=t["province_help"])
        sub.add_argument("--province-en", help=t["province_en_help"])
        sub.add_argument("--answers", metavar="FILE", help=t["answers_help"])
        data_dir_opt(sub, t)
        sub.add_argument("--force", action="store_true", help=t["force_help"])

    @staticmethod
    def run(args, t) -> int:
        from sop_portal.build.districts import slug_problem
        from sop_portal.build.portal import load_portal
        from sop_portal.data.yamlload import load_file
        from sop_portal.model import Text
        from sop_portal.outputs import scaffold
        from sop_portal.outputs.fileio import WouldOverwrite

        if slug_problem(args.slug):
            print(t["bad_slug"].format(slug=args.slug), file=sys.stderr)
            return EXIT_USAGE
        args.data_dir_path = Path(args.data_dir)
        existing_data_dir(args)
        target = args.data_dir_path / "districts" / args.slug / "profile.yaml"
        if target.exists() and not args.force:
            print(t["exists"].format(path=target), file=sys.stderr)
            return EXIT_USAGE
        name = Text(args.name.strip(), (args.name_en or args.name).strip())
        province = Text(args.province.strip(), (args.province_en or args.province).strip())
        if not (name.id and name.en and province.id and province.en):
            print(t["bad_slug"].format(slug=args.slug), file=sys.stderr)
            return EXIT_USAGE
        portal = load_portal(args.data_dir_path)
        tree = scaffold.adaptation_tree(portal)
        prefill = None
        if tree is None:
            print(t["no_tree"], file=sys.stderr)
        else:
            choose = None
            if args.answers:
                loaded = load_file(args.answers)
                if not loaded.ok or not isinstance(loaded.data, dict):
                    print(t["answers_unreadable"], file=sys.stderr)
                    for p in loaded.problems:
                        print(p.format(args.lang), file=sys.stderr)
                    return EXIT_USAGE
                choose = scaffold.answers_from_mapping(tree, loaded.data)
            elif sys.stdin.isatty():
                choose = _ask(args.lang, t)
            else:
                print(t["no_terminal"], file=sys.stderr)
            if choose is not None:
                try:
                    path, outcome = scaffold.walk(tree, choose)
                except scaffold.AnswerError as exc:
                    print(
                        t["answer_error"].format(
                            file=args.answers, question=exc.question, given=exc.given, options="; ".join(exc.options)
                        ),
                        file=sys.stderr,
                    )
                    return EXIT_USAGE
                fill = {"name_id": name.id, "name_en": name.en, "province_id": province.id, "province_en": province.en}
                prefill = scaffold.prefill_from_path(portal, path, outcome, fill)
                print(f"{t['path_taken']} {outcome.summary.get(args.lang)}")
        try:
            written = scaffold.create(
                args.data_dir_path, args.slug, name, province, portal.sop_version, prefill, force=args.force
            )
        except WouldOverwrite as exc:
            print(t["exists"].format(path=exc), file=sys.stderr)
            return EXIT_USAGE
        for path in written:
            print(t["created"].format(path=path))
        print(t["next_steps"].format(slug=args.slug))
        return EXIT_OK


def _ask(lang: str, t: dict):
    def choose(q):
        print()
        print(q.question.get(lang))
        if q.help:
            print(f"  ({q.help.get(lang)})")
        for i, a in enumerate(q.answers, start=1):
            print(f"  {i}. {a.label.get(lang)}")
        while True:
            try:
                raw = input(t["ask_choice"].format(count=len(q.answers))).strip()
            except EOFError:
                raise KeyboardInterrupt from None
            if raw.isdigit() and 1 <= int(raw) <= len(q.answers):
                return q.answers[int(raw) - 1]

    return choose
