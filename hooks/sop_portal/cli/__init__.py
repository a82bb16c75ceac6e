"""The ``sop`` command: a thin layer over the package that turns results into messages and exit codes.

Exit codes: 0 the data is valid, 1 the data has errors, 2 the command was used wrongly.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import sys
from pathlib import Path
from typing import Callable

from sop_portal.data.problems import DataError, catalog, label, pick_lang

EXIT_OK, EXIT_DATA, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 70

# Subcommands register here: name -> (add_arguments(parser, t), run(args, t) -> exit code)
COMMANDS: dict[str, tuple[Callable, Callable]] = {}


def command(name: str):
    def wrap(cls):
        COMMANDS[name] = (cls.arguments, cls.run)
        return cls

    return wrap


def _lang_from_argv(argv: list[str]) -> str | None:
    for i, arg in enumerate(argv):
        if arg == "--lang" and i + 1 < len(argv):
            return argv[i + 1]
        if arg.startswith("--lang="):
            return arg.split("=", 1)[1]
    return None


class _Parser(argparse.ArgumentParser):
    """argparse that exits with 2 on wrong usage (its default) and keeps our help formatting."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("formatter_class", argparse.RawDescriptionHelpFormatter)
        super().__init__(*args, **kwargs)


def build_parser(lang: str) -> argparse.ArgumentParser:
    t = catalog(lang)["cli"]
    parser = _Parser(prog="sop", description=t["prog_description"], epilog=t["prog_epilog"])
    parser.add_argument("--lang", choices=("id", "en"), help=t["lang_help"])
    subs = parser.add_subparsers(dest="command", metavar="COMMAND")
    subs.required = True
    for name, (add_arguments, _run) in COMMANDS.items():
        key = name.replace("-", "_")
        sub = subs.add_parser(
            name,
            help=t.get(f"{key}_help"),
            description=t.get(f"{key}_description"),
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        sub.add_argument("--lang", choices=("id", "en"), help=t["lang_help"], default=argparse.SUPPRESS)
        add_arguments(sub, t)
    return parser


@contextlib.contextmanager
def argparse_language(lang: str):
    """argparse's own words ('usage:', 'options:', 'the following arguments are required', ...) in ``lang``:
    argparse looks them up through its module-level gettext function, so it is swapped for the call."""
    words = catalog(lang)["cli"].get("argparse", {})
    original = argparse._
    argparse._ = lambda text: words.get(text, text)
    try:
        yield
    finally:
        argparse._ = original


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    lang = pick_lang(_lang_from_argv(argv))
    try:
        with argparse_language(lang):
            parser = build_parser(lang)
            args = parser.parse_args(argv)
    except SystemExit as exc:  # --help exits 0, wrong usage 2
        return int(exc.code or 0)
    args.lang = pick_lang(getattr(args, "lang", None))
    _, run = COMMANDS[args.command]
    from sop_portal.build.portal import UnknownDistrict
    from sop_portal.outputs.fileio import WouldOverwrite

    t = catalog(args.lang)["cli"]
    try:
        return run(args, t)
    except UsageError as exc:
        print(exc, file=sys.stderr)
        return EXIT_USAGE
    except WouldOverwrite as exc:  # the file appeared while the work ran: still never overwritten
        print(t["output_exists"].format(path=exc), file=sys.stderr)
        return EXIT_USAGE
    except UnknownDistrict as exc:
        print(t["unknown_district"].format(slug=exc.slug, known=", ".join(exc.known) or "—"), file=sys.stderr)
        return EXIT_USAGE
    except DataError as exc:
        for p in exc.problems:
            print(p.format(args.lang))
        print(catalog(args.lang)["cli"]["data_invalid"], file=sys.stderr)
        return EXIT_DATA
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # `sop stats | head`: the reader left; not an error
        try:
            sys.stdout = open(os.devnull, "w")
        except OSError:
            pass
        return EXIT_OK
    except Exception as exc:  # never a traceback for the user; SOP_DEBUG=1 shows it
        if os.environ.get("SOP_DEBUG"):
            raise
        print(catalog(args.lang)["cli"]["internal_error"].format(error=f"{type(exc).__name__}: {exc}"), file=sys.stderr)
        return EXIT_INTERNAL


def data_dir_arg(sub: argparse.ArgumentParser, t: dict) -> None:
    sub.add_argument("data_dir", nargs="?", default="sop_data", metavar="DATA_DIR", help=t["data_dir_help"])


class UsageError(Exception):
    """The command was used wrongly (exit 2); the message says how to use it right."""


def refuse_existing_output(args) -> None:
    """Checked before the work, so nobody waits for a build whose result would not be written."""
    if getattr(args, "output", None) and Path(args.output).exists() and not args.force:
        raise UsageError(catalog(args.lang)["cli"]["output_exists"].format(path=args.output))


def existing_data_dir(args, t=None) -> Path:
    path = Path(args.data_dir)
    if not path.is_dir():
        raise UsageError(label("no_data_dir", args.lang, path=args.data_dir))
    return path


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

        root = existing_data_dir(args, t)
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

        root = existing_data_dir(args, t)
        stats = portal_stats(load_portal(root))
        if args.format == "json":
            print(json.dumps(stats, ensure_ascii=False, indent=2))
            return EXIT_OK
        print(format_stats(stats, args.lang, t))
        return EXIT_OK


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
        sub.add_argument("--data-dir", default="sop_data", help=t["data_dir_opt_help"])
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


@command("diff")
class Diff:
    @staticmethod
    def arguments(sub, t):
        sub.add_argument("slug", metavar="SLUG", help=t["diff_slug_help"])
        sub.add_argument("--data-dir", default="sop_data", help=t["data_dir_opt_help"])
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
        sub.add_argument("-o", "--output", metavar="FILE", help=t["output_help"])
        sub.add_argument("--force", action="store_true", help=t["force_output_help"])
        sub.add_argument("--data-dir", default="sop_data", help=t["data_dir_opt_help"])

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


@command("package")
class Package:
    @staticmethod
    def arguments(sub, t):
        sub.add_argument("-o", "--output", metavar="FILE.zip", required=True, help=t["package_output_help"])
        sub.add_argument("--district", metavar="SLUG", help=t["package_district_help"])
        sub.add_argument("--force", action="store_true", help=t["force_output_help"])
        sub.add_argument("--config", default="mkdocs.yml", metavar="FILE", help=t["package_config_help"])

    @staticmethod
    def run(args, t) -> int:
        from sop_portal.build.portal import load_portal
        from sop_portal.outputs.package import PackageError, package
        from sop_portal.site.builder import Settings

        config = Path(args.config)
        if not config.is_file():
            print(t["package_no_config"].format(path=args.config), file=sys.stderr)
            return EXIT_USAGE
        refuse_existing_output(args)  # before a build of half a minute, not after it
        data_dir = Settings.from_env(config.resolve().parent, config.resolve().parent / "docs").data_dir
        portal = load_portal(data_dir, district=args.district)
        print(t["package_building"], file=sys.stderr)
        try:
            done = package(config, args.output, portal, district=args.district, force=args.force)
        except PackageError as exc:
            print(t[f"package_{exc.code}"].format(**exc.params), file=sys.stderr)
            return EXIT_DATA if exc.code == "build_failed" else EXIT_USAGE
        print(
            t["package_written"].format(path=done.path, files=done.files, size=f"{done.size / 1e6:.1f}"),
            file=sys.stderr,
        )
        return EXIT_OK


@command("handouts")
class Handouts:
    @staticmethod
    def arguments(sub, t):
        sub.add_argument("-o", "--output", metavar="FILE.pdf", required=True, help=t["handouts_output_help"])
        sub.add_argument("--district", metavar="SLUG", help=t["handouts_district_help"])
        sub.add_argument("--force", action="store_true", help=t["force_output_help"])
        sub.add_argument("--data-dir", default="sop_data", help=t["data_dir_opt_help"])

    @staticmethod
    def run(args, t) -> int:
        import datetime as _dt

        from sop_portal.build.portal import load_portal
        from sop_portal.outputs import handouts
        from sop_portal.outputs.fileio import write_atomic

        existing_data_dir(args)
        refuse_existing_output(args)
        portal = load_portal(args.data_dir, district=args.district)
        # The district's own contacts come first in the pack; the resolved portal knows which they are.
        local_ids = frozenset(portal.district.local_contact_ids) if portal.district else frozenset()
        today = _dt.date.fromisoformat(os.environ["SOP_TODAY"]) if os.environ.get("SOP_TODAY") else _dt.date.today()
        try:
            pdf = handouts.build_pdf(portal, args.lang, today, local_ids)
        except handouts.BrowserMissing as exc:
            # Said in both languages: whoever installs the tools may not read the user's language.
            for lang in (args.lang, "en" if args.lang == "id" else "id"):
                msg = catalog(lang)["cli"][f"handouts_no_{exc.what}"].format(path=exc.path or "")
                print(msg + (f" ({exc.detail})" if exc.detail and exc.what == "chromium" else ""), file=sys.stderr)
            return EXIT_USAGE
        write_atomic(args.output, pdf, force=args.force)
        print(t["handouts_written"].format(path=args.output, pages=handouts.count_pages(pdf)), file=sys.stderr)
        return EXIT_OK


@command("document")
class Document:
    @staticmethod
    def arguments(sub, t):
        sub.add_argument("--district", metavar="SLUG", help=t["document_district_help"])
        sub.add_argument("--format", choices=("docx", "pdf"), required=True, help=t["document_format_help"])
        sub.add_argument("-o", "--output", metavar="FILE", required=True, help=t["document_output_help"])
        sub.add_argument("--force", action="store_true", help=t["force_output_help"])
        sub.add_argument("--data-dir", default="sop_data", help=t["data_dir_opt_help"])

    @staticmethod
    def run(args, t) -> int:
        import datetime as _dt

        from sop_portal.build.portal import load_portal
        from sop_portal.outputs import document, documentdocx, documentpdf, handouts
        from sop_portal.outputs.fileio import write_atomic

        existing_data_dir(args)
        if Path(args.output).suffix.lower() != f".{args.format}":
            raise UsageError(t["document_bad_suffix"].format(path=args.output, format=args.format))
        refuse_existing_output(args)
        portal = load_portal(args.data_dir, district=args.district)
        today = _dt.date.fromisoformat(os.environ["SOP_TODAY"]) if os.environ.get("SOP_TODAY") else _dt.date.today()
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
            for lang in (args.lang, "en" if args.lang == "id" else "id"):
                msg = catalog(lang)["cli"][f"handouts_no_{exc.what}"].format(path=exc.path or "")
                print(msg + (f" ({exc.detail})" if exc.detail and exc.what == "chromium" else ""), file=sys.stderr)
            return EXIT_USAGE
        write_atomic(args.output, data, force=args.force)
        print(
            t["document_written_pdf"].format(
                path=args.output, pages=handouts.count_pages(data), size=f"{len(data) / 1e3:.0f}"
            ),
            file=sys.stderr,
        )
        return EXIT_OK


@command("upgrade")
class Upgrade:
    @staticmethod
    def arguments(sub, t):
        sub.add_argument("slug", metavar="SLUG", help=t["upgrade_slug_help"])
        sub.add_argument("--to", required=True, metavar="VERSION", help=t["upgrade_to_help"])
        sub.add_argument("--accept", action="append", default=[], metavar="STEP_ID", help=t["upgrade_accept_help"])
        sub.add_argument("--data-dir", default="sop_data", help=t["data_dir_opt_help"])

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


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
