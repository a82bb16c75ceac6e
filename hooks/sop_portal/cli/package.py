"""`sop package`: the offline site (file://, USB stick) as one zip."""

from __future__ import annotations

import sys
from pathlib import Path

from sop_portal import settings
from sop_portal.cli.common import (
    EXIT_DATA,
    EXIT_OK,
    EXIT_USAGE,
    command,
    output_opts,
    refuse_existing_output,
)


@command("package")
class Package:
    @staticmethod
    def arguments(sub, t):
        output_opts(sub, t, "FILE.zip", "package_output_help")
        sub.add_argument("--district", metavar="SLUG", help=t["package_district_help"])
        sub.add_argument("--config", default="mkdocs.yml", metavar="FILE", help=t["package_config_help"])

    @staticmethod
    def run(args, t) -> int:
        from sop_portal.build.districts import district_slugs
        from sop_portal.build.portal import UnknownDistrict
        from sop_portal.outputs.package import PackageError, package

        config = Path(args.config)
        if not config.is_file():
            print(t["package_no_config"].format(path=args.config), file=sys.stderr)
            return EXIT_USAGE
        refuse_existing_output(args)  # before a build of half a minute, not after it
        if args.district:  # a mistyped slug is said at once; the build validates the data (once), not this command
            data_dir = settings.Settings.from_env(config.resolve().parent, config.resolve().parent / "docs").data_dir
            known = district_slugs(data_dir)
            if args.district not in known:
                raise UnknownDistrict(args.district, known)
        print(t["package_building"], file=sys.stderr)
        try:
            done = package(config, args.output, district=args.district, force=args.force, lang=args.lang)
        except PackageError as exc:
            print(t[f"package_{exc.code}"].format(**exc.params), file=sys.stderr)
            return EXIT_DATA if exc.code == "build_failed" else EXIT_USAGE
        print(
            t["package_written"].format(path=done.path, files=done.files, size=f"{done.size / 1e6:.1f}"),
            file=sys.stderr,
        )
        return EXIT_OK
