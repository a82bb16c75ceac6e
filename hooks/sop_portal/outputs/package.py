"""``sop package``: the offline site (file://, USB stick) as one zip file with a README in both languages.

The site is built by running MkDocs as a separate process (``OFFLINE=true``, and ``SOP_DISTRICT`` for a district)
into a temporary folder, exactly as a person would build it, so this module never imports MkDocs. That build is the
one validation of the data: its located errors are passed on, and the README's facts (the data version, the
district) are read from the ``data/sop.json`` it wrote.
"""

from __future__ import annotations

import datetime as _dt
import io
import json
import os
import subprocess
import sys
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

from sop_portal.outputs.export import human_date
from sop_portal.outputs.fileio import write_atomic
from sop_portal.render import files
from sop_portal.site.downloads import SOP_JSON

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


def build_offline_site(
    config_file: Path, site_dir: Path, district: str | None = None, lang: str | None = None
) -> subprocess.CompletedProcess:
    """``OFFLINE=true mkdocs build --strict`` (never -q: it hides the warnings --strict fails on), its errors in
    ``lang``."""
    env = {**os.environ, "OFFLINE": "true", "NO_MKDOCS_2_WARNING": "1"}
    env.pop("SOP_DISTRICT", None)
    if district:
        env["SOP_DISTRICT"] = district
    if lang:
        env["SOP_LANG"] = lang
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config_file), "-d", str(site_dir)],
        cwd=config_file.parent,
        env=env,
        capture_output=True,
        text=True,
    )


def build_log(output: str) -> str:
    """What the reader needs from a failed build: each ERROR or WARNING with the lines that continue it (a data
    error lists one located problem per line under its ERROR), without MkDocs' INFO chatter."""
    kept, keeping = [], False
    for line in output.splitlines():
        if line.startswith(("ERROR", "WARNING")):
            keeping = True
        elif line.startswith(("INFO", "DEBUG", "Aborted")):
            keeping = False
        if keeping and line.strip():
            kept.append(line)
    return "\n".join(kept[-40:])


def site_facts(site_dir: Path) -> dict:
    """The data version and district of a built site, from the SOP export it publishes (site/downloads.py)."""
    sop = json.loads((site_dir / SOP_JSON).read_text(encoding="utf-8"))
    return {"sop_version": sop["sop_version"], "district": sop.get("district")}


def readme_text(facts: dict, folder: str, today: _dt.date) -> str:
    env = files.environment("text")
    district = facts.get("district")
    return (
        env.get_template("offline-readme.txt.j2")
        .render(
            folder=folder,
            sop_version=facts["sop_version"],
            built_on_id=human_date(today, "id"),
            built_on_en=human_date(today, "en"),  # '27 Mei 2021' / '27 May 2021'
            district_id=district["name"]["id"] if district else None,
            district_en=district["name"]["en"] if district else None,
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
    district: str | None = None,
    force: bool = False,
    today: _dt.date | None = None,
    lang: str | None = None,
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
        proc = build_offline_site(config_file, site_dir, district, lang)
        if proc.returncode != 0:
            raise PackageError(
                "build_failed", log=build_log(proc.stdout + proc.stderr) or (proc.stdout + proc.stderr)[-2000:]
            )
        if not (site_dir / "index.html").is_file():
            raise PackageError("no_index", path=str(site_dir))
        folder = output.stem
        readme = readme_text(site_facts(site_dir), folder, today or _dt.date.today())
        data, count = zip_site(site_dir, folder, readme)
    write_atomic(output, data, force=force)
    return Packaged(output, count, len(data))
