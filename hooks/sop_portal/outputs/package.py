"""``sop package``: the offline site (file://, USB stick) as one zip file with a README in both languages.

The site is built by running MkDocs as a separate process (``OFFLINE=true``, and ``SOP_DISTRICT`` for a district)
into a temporary folder, exactly as a person would build it, so this module never imports MkDocs.
"""

from __future__ import annotations

import datetime as _dt
import io
import os
import subprocess
import sys
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

from sop_portal import model as m
from sop_portal.outputs.export import human_date
from sop_portal.outputs.fileio import write_atomic
from sop_portal.render import files

README_NAME = "BACA-SAYA_README.txt"
# Of no use on a USB stick: the sitemaps are for search engines, source maps for developers.
LEFT_OUT = {"sitemap.xml", "sitemap.xml.gz"}


class PackageError(Exception):
    """Why no package was written; ``code`` names a message in the CLI labels, ``params`` fill it in."""

    def __init__(self, code: str, **params):
        super().__init__(code)
        self.code = code
        self.params = params


@dataclass(frozen=True)
class Packaged:
    path: Path
    files: int
    size: int


def build_offline_site(config_file: Path, site_dir: Path, district: str | None = None) -> subprocess.CompletedProcess:
    """``OFFLINE=true mkdocs build --strict`` (never -q: it hides the warnings --strict fails on)."""
    env = {**os.environ, "OFFLINE": "true", "NO_MKDOCS_2_WARNING": "1"}
    env.pop("SOP_DISTRICT", None)
    if district:
        env["SOP_DISTRICT"] = district
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config_file), "-d", str(site_dir)],
        cwd=config_file.parent,
        env=env,
        capture_output=True,
        text=True,
    )


def readme_text(portal: m.Portal, folder: str, today: _dt.date) -> str:
    env = files.environment("text")
    district = portal.district
    return (
        env.get_template("offline-readme.txt.j2")
        .render(
            folder=folder,
            sop_version=portal.sop_version,
            built_on_id=human_date(today, "id"),
            built_on_en=human_date(today, "en"),  # '27 Mei 2021' / '27 May 2021'
            district_id=district.name.id if district else None,
            district_en=district.name.en if district else None,
        )
        .replace("\n", "\r\n")
    )  # Notepad on old Windows shows one long line otherwise


def zip_site(site_dir: Path, folder: str, readme: str) -> tuple[bytes, int]:
    """The site under ``folder/`` with the README beside index.html; returns the zip's bytes and file count."""
    buffer, count = io.BytesIO(), 0
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr(f"{folder}/{README_NAME}", readme)
        count += 1
        for path in sorted(p for p in site_dir.rglob("*") if p.is_file()):
            rel = path.relative_to(site_dir).as_posix()
            if rel in LEFT_OUT or path.suffix == ".map":
                continue
            archive.write(path, f"{folder}/{rel}")
            count += 1
    return buffer.getvalue(), count


def package(
    config_file: str | Path,
    output: str | Path,
    portal: m.Portal,
    district: str | None = None,
    force: bool = False,
    today: _dt.date | None = None,
) -> Packaged:
    """Build the offline site and write it as ``output`` (a .zip) atomically; never over a file unless ``force``.

    Raises :class:`PackageError` (``output_exists``, ``not_zip``, ``no_config``, ``build_failed``, ``no_index``).
    """
    output, config_file = Path(output), Path(config_file).resolve()
    if output.suffix.lower() != ".zip":
        raise PackageError("not_zip", path=str(output))
    if output.exists() and not force:
        raise PackageError("output_exists", path=str(output))
    if not config_file.is_file():
        raise PackageError("no_config", path=str(config_file))
    with tempfile.TemporaryDirectory(prefix="sop-package-") as tmp:
        site_dir = Path(tmp) / "site"
        proc = build_offline_site(config_file, site_dir, district)
        if proc.returncode != 0:
            log = [line for line in (proc.stdout + proc.stderr).splitlines() if line.startswith(("ERROR", "WARNING"))]
            raise PackageError("build_failed", log="\n".join(log[-20:]) or (proc.stdout + proc.stderr)[-2000:])
        if not (site_dir / "index.html").is_file():
            raise PackageError("no_index", path=str(site_dir))
        folder = output.stem
        data, count = zip_site(site_dir, folder, readme_text(portal, folder, today or _dt.date.today()))
    write_atomic(output, data, force=force)
    return Packaged(output, count, len(data))
