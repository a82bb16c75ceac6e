"""District site builds for the tests (fixtures in conftest.py): always in a throwaway project copy, never in the
repository's docs/ (a district build writes its own stub pages there) nor in its sop_data/."""

from __future__ import annotations

import shutil
from pathlib import Path

from conftest import SiteBuildResult, copy_project, run_mkdocs_build
from datasets import DISTRICTS, copy_minimal

TTU = "timor-tengah-utara"
CONTOH = "contoh"

# A restricted contact slipped into the district's contacts: none of these strings may reach any output file.
RESTRICTED_MARK = "RAHASIA-DAERAH-5517"
RESTRICTED_PHONE = "0812-7777-5517"
RESTRICTED_ID = "rumah-aman-uji-daerah"
RESTRICTED_NEEDLES = (RESTRICTED_MARK, RESTRICTED_PHONE, "081277775517", "6281277775517", RESTRICTED_ID)
# ... and the fixture district's own restricted contact (tests/fixtures/districts/contoh/contacts.yaml).
CONTOH_RESTRICTED_NEEDLES = (
    "rumah-aman-contoh",
    "Rumah Aman Contoh",
    "Contoh Safe House",
    "Penampungan rahasia",
    "Confidential shelter",
)

RESTRICTED_CONTACT = f"""  - id: {RESTRICTED_ID}
    organisation: {{id: "Rumah aman {RESTRICTED_MARK}", en: "Safe house {RESTRICTED_MARK}"}}
    service: {{id: "Alamat rahasia {RESTRICTED_MARK}", en: "Secret address {RESTRICTED_MARK}"}}
    hotline: true
    phones: [{{number: "{RESTRICTED_PHONE}", kind: voice, dial_from: both, hours: 24h, serves: women_and_children}},
             {{number: "{RESTRICTED_PHONE}", kind: whatsapp, dial_from: both, hours: unknown, serves: women_and_children}}]
    status: active
    visibility: restricted
    review_note: {{id: "Catatan peninjau {RESTRICTED_MARK}", en: "Reviewer note {RESTRICTED_MARK}"}}
    sources: [{{document: iom-ttu-2022}}]
    verification: unverified
"""


def add_restricted_contact(data: Path) -> Path:
    """Append RESTRICTED_CONTACT to TTU's contacts in the data folder ``data``; returns ``data``."""
    contacts = data / "districts" / TTU / "contacts.yaml"
    contacts.write_text(contacts.read_text(encoding="utf-8") + RESTRICTED_CONTACT, encoding="utf-8")
    return data


def real_project(dest: Path) -> tuple[Path, Path]:
    """A copy of the project with the real data and a restricted contact added to TTU: (mkdocs.yml, data dir)."""
    dest.mkdir(parents=True, exist_ok=True)
    config = copy_project(dest)
    return config, add_restricted_contact(dest / "sop_data")


CONTOH_EXTRA_STEP = """  - id: pemulangan.s3
    text: {id: Siapkan penerbangan lanjutan., en: Arrange an onward flight.}
    actors: [kemenpppa]
    checklist: true
    sources: [{document: panduan-iom}]
    status: unverified
"""
CONTOH_NOT_APPLICABLE = """  - action: not_applicable
    step: pemulangan.s3
    national_text: {id: Siapkan penerbangan lanjutan., en: Arrange an onward flight.}
    rationale: {id: Tidak ada bandara di kabupaten ini., en: The district has no airport.}
"""
CONTOH_RELEASE = """changelog:
  - version: "1.1.0"
    date: 2026-11-23
    changes:
      - {id: Rilis uji berikutnya., en: The next test release.}
"""


def contoh_project(dest: Path) -> tuple[Path, Path]:
    """The minimal fixture plus the fixture district, with every kind of change: (mkdocs.yml, data dir).

    The minimal data gains a third step, which the district marks not applicable, and a release 1.1.0 newer than
    the profile's base version (so the changes page has an upgrade to report). The hand-written pages of docs/
    link to chapters the minimal data does not have, so this copy reports broken links as info rather than
    failing; every other --strict check stays (the real-data builds check the links).
    """
    dest.mkdir(parents=True, exist_ok=True)
    config = copy_project(dest)
    data = copy_minimal(dest / "data")
    shutil.copytree(DISTRICTS, data / "districts")
    service = data / "services" / "pemulangan.yaml"
    service.write_text(service.read_text(encoding="utf-8") + CONTOH_EXTRA_STEP, encoding="utf-8")
    profile = data / "districts" / CONTOH / "profile.yaml"
    profile.write_text(profile.read_text(encoding="utf-8") + CONTOH_NOT_APPLICABLE, encoding="utf-8")
    sop = data / "sop.yaml"
    text = sop.read_text(encoding="utf-8")
    assert 'sop_version: "1.0.0"' in text and "changelog:\n" in text
    sop.write_text(
        text.replace('sop_version: "1.0.0"', 'sop_version: "1.1.0"').replace("changelog:\n", CONTOH_RELEASE),
        encoding="utf-8",
    )
    mkdocs = config.read_text(encoding="utf-8")
    links = "  links:\n    not_found: warn\n    anchors: warn\n"
    assert links in mkdocs, "mkdocs.yml's validation block changed: update tests/district_sites.py"
    config.write_text(mkdocs.replace(links, "  links:\n    not_found: info\n    anchors: info\n"), encoding="utf-8")
    return config, data


def build(config: Path, data: Path, site_dir: Path, district: str | None = None) -> SiteBuildResult:
    env = {"SOP_DATA_DIR": str(data), "SOP_DISTRICT": district or "", "SOP_TODAY": "2026-11-23"}
    return run_mkdocs_build(site_dir, config_file=config, env=env)


def page(site: Path, lang: str, path: str) -> str:
    """The HTML of a page: 'layanan/pemulangan' -> [en/]layanan/pemulangan/index.html."""
    rel = f"{path}/index.html" if path else "index.html"
    return (site / ("en/" + rel if lang == "en" else rel)).read_text(encoding="utf-8")
