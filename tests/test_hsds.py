"""The contact directory as Open Referral HSDS 3.0 (`sop export contacts --format hsds`, and the JSON download of
the directory page): every export validates against the official HSDS 3.0 JSON Schemas, and maps honestly.

The schemas are the compiled ones of https://github.com/openreferral/specification, branch 3.0, commit
279fd2eb3552c349bf698c07c00cc25f5fc8249b (CC BY-SA 4.0; LICENSE and SOURCE.md travel with the copy):
``service.json`` and ``organization.json`` from ``schema/compiled/``, and ``schema/openapi.json`` for its ``Page``
(the list page the file is shaped as). The copy is looked for at ``$HSDS_SCHEMA_DIR``, then ``../shared/hsds-3.0/``
beside the project, then ``tests/fixtures/hsds-3.0/``; its SHA-256 sums are checked, so the tests always validate
against that commit. They validate with format checking on (uuid, uri, email, date-time).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from conftest import DATA_DIR, PROJECT_DIR, run_sop
from datasets import DISTRICTS, RESTRICTED_DISTRICT, RESTRICTED_ID, RESTRICTED_NAME, RESTRICTED_PHONE, copy_minimal
from sop_portal.build.portal import load_portal
from sop_portal.outputs import hsds
from sop_portal.outputs.export import FORMATS

LANGS = ("id", "en")
DISTRICT = RESTRICTED_DISTRICT
NOT_CONFIRMED = {"id": "belum dikonfirmasi langsung ke layanan", "en": "not yet confirmed directly with the service"}
SCHEMA_SHA256 = {
    "service.json": "5cd7c2ecb5776947e437a4d5b9656f9a80db56bef3ad49f5bb142d49dbe66156",
    "organization.json": "e429ffe3b585da12da10b75cf30dfc0a67ef96b34f5e1b21141a2b627ca28119",
    "openapi.json": "3c473df56617f5e642f86e0a9ed7ee182a22eecf6f94dd1b91c50511fbbba34d",
}
HSDS_COMMIT = "279fd2eb3552c349bf698c07c00cc25f5fc8249b"


def schema_dir() -> Path | None:
    candidates = [
        os.environ.get("HSDS_SCHEMA_DIR"),
        PROJECT_DIR.parent / "shared" / "hsds-3.0",
        PROJECT_DIR / "tests" / "fixtures" / "hsds-3.0",
    ]
    for candidate in candidates:
        if candidate and all((Path(candidate) / name).is_file() for name in SCHEMA_SHA256):
            return Path(candidate)
    return None


@pytest.fixture(scope="session")
def validators():
    """(page, service, organization) validators from the official HSDS 3.0 schemas."""
    folder = schema_dir()
    if folder is None:
        pytest.fail(
            "The HSDS 3.0 schemas are missing: put service.json, organization.json, openapi.json, LICENSE and "
            "SOURCE.md of openreferral/specification (branch 3.0, commit " + HSDS_COMMIT + ") in "
            "../shared/hsds-3.0/ or tests/fixtures/hsds-3.0/, or point HSDS_SCHEMA_DIR at them."
        )
    for name, digest in SCHEMA_SHA256.items():
        assert hashlib.sha256((folder / name).read_bytes()).hexdigest() == digest, (
            f"{folder / name} is not the copy of {HSDS_COMMIT}"
        )
    assert (folder / "LICENSE").is_file() and "Attribution-ShareAlike 4.0" in (folder / "LICENSE").read_text(
        encoding="utf-8"
    )
    assert HSDS_COMMIT in (folder / "SOURCE.md").read_text(encoding="utf-8")
    load = lambda name: json.loads((folder / name).read_text(encoding="utf-8"))
    checker = Draft202012Validator.FORMAT_CHECKER
    assert {"uuid", "uri", "email", "date-time"} <= set(checker.checkers), "format checks need rfc3986-validator etc."
    page = {
        **load("openapi.json")["components"]["schemas"]["Page"],
        "required": ["total_items", "total_pages", "page_number", "size", "first_page", "last_page", "empty"],
    }
    service, organization = load("service.json"), load("organization.json")
    # The compiled service and organization schemas (2.4 MB, seconds to check against the metaschema) are the files
    # of that commit, pinned above by their SHA-256; the Page schema is put together here, so it is checked.
    Draft202012Validator.check_schema(page)
    return tuple(Draft202012Validator(s, format_checker=checker) for s in (page, service, organization))


def problems(doc: dict, validators) -> list[str]:
    page, service, organization = validators
    found = [f"page: {e.message}" for e in page.iter_errors(doc)]
    for item in doc["contents"]:
        found += [
            f"{item['sop_id']}: {'/'.join(map(str, e.absolute_path))}: {e.message}" for e in service.iter_errors(item)
        ]
        found += [f"{item['sop_id']} organization: {e.message}" for e in organization.iter_errors(item["organization"])]
    return found


@pytest.fixture(scope="module")
def portals(site_portal, district_portal):
    return {"national": site_portal, "district": district_portal}


@pytest.fixture
def small_data(tmp_path) -> Path:
    """The minimal data with the fixture district 'contoh' (every kind of contact), to write and change."""
    data = copy_minimal(tmp_path / "work" / "sop_data")
    shutil.copytree(DISTRICTS, data / "districts")
    return data


def doc(portal, lang: str) -> dict:
    return json.loads(hsds.to_hsds(portal, lang))


def by_sop_id(document: dict) -> dict[str, dict]:
    return {s["sop_id"]: s for s in document["contents"]}


# -- the official schemas ------------------------------------------------------------------------------------


@pytest.mark.parametrize("which", ["national", "district"])
@pytest.mark.parametrize("lang", LANGS)
def test_every_export_validates_against_the_hsds_3_schemas(portals, validators, which, lang):
    document = doc(portals[which], lang)
    assert document["contents"], "nothing to validate"
    assert not problems(document, validators)
    assert document["total_items"] == document["size"] == len(document["contents"])


def test_the_validation_bites(portals, validators):
    """The format checks are on: an id that is not a UUID, a service without a status, a wrong type are refused."""
    document = doc(portals["national"], "en")
    broken = json.loads(json.dumps(document))
    broken["contents"][0]["id"] = "sapa-129"
    broken["contents"][1]["phones"][0]["id"] = "not-a-uuid"
    del broken["contents"][2]["status"]
    broken["contents"][3]["organization"]["description"] = 7
    found = problems(broken, validators)
    assert len(found) >= 4, found
    assert any("is not a 'uuid'" in p for p in found) and any("'status' is a required property" in p for p in found)


def test_the_district_fixture_with_every_kind_of_contact_validates(validators, small_data):
    portal = load_portal(small_data, district="contoh")
    for lang in LANGS:
        assert not problems(doc(portal, lang), validators)


# -- the mapping ----------------------------------------------------------------------------------------------


def test_assured_date_only_for_a_number_confirmed_with_its_service(portals, tmp_path, validators):
    assert all(c.confirmed is None for c in portals["national"].contacts)  # nobody has confirmed a number yet
    for lang in LANGS:
        for item in doc(portals["district"], lang)["contents"]:
            assert "assured_date" not in item and "assurer_email" not in item
    data = tmp_path / "sop_data"
    shutil.copytree(DATA_DIR, data)
    national = data / "contacts" / "national.yaml"
    text = national.read_text(encoding="utf-8")
    anchor = "    sources:\n      - document: detik-sumut-110\n"
    national.write_text(
        text.replace(anchor, '    confirmed: {date: 2026-11-01, by: "Tim uji", method: call}\n' + anchor),
        encoding="utf-8",
    )
    confirmed = doc(load_portal(data), "en")
    assert not problems(confirmed, validators)
    services = by_sop_id(confirmed)
    assert services["polri-110"]["assured_date"] == "2026-11-01"
    assert "Confirmed with the service on 1 November 2026" in services["polri-110"]["phones"][0]["description"]
    assert [s for s, item in services.items() if "assured_date" in item] == ["polri-110"]


@pytest.mark.parametrize("lang", LANGS)
def test_a_number_only_seen_in_a_source_says_so_with_the_source(portals, lang):
    portal = portals["national"]
    for item in doc(portal, lang)["contents"]:
        contact = next(c for c in portal.contacts if c.id == item["sop_id"])
        titles = [cite.document.title.get(lang) for cite in contact.provenance.sources]
        assert [s["title"] for s in item["sop_sources"]] == list(dict.fromkeys(titles))
        for phone in item["phones"]:
            assert NOT_CONFIRMED[lang] in phone["description"], phone
            publisher = contact.provenance.sources[0].document.publisher
            assert publisher and publisher in phone["description"]


def test_kp2mi_reachability_and_hours_go_where_hsds_puts_them(portals):
    kp2mi = by_sop_id(doc(portals["national"], "en"))["kp2mi-crisis-centre"]
    phones = {p["number"]: p for p in kp2mi["phones"]}
    assert set(phones) == {"0800-1000", "+62 21 2924 4800", "0811-8080-141"}
    assert "only from inside Indonesia" in phones["0800-1000"]["description"]
    assert phones["0800-1000"]["sop_dial"] == "08001000"  # never +62 for a toll-free number
    assert "from abroad · 24 hours" in phones["+62 21 2924 4800"]["description"]
    assert phones["0811-8080-141"]["type"] == "text" and phones["0811-8080-141"]["description"].startswith("WhatsApp")
    assert {p["service_id"] for p in phones.values()} == {kp2mi["id"]}
    schedules = {s["description"]: s for s in kp2mi["schedules"]}
    day = schedules["24 hours: 0800-1000, +62 21 2924 4800"]
    assert (day["freq"], day["byday"], day["opens_at"], day["closes_at"]) == (
        "WEEKLY",
        "MO,TU,WE,TH,FR,SA,SU",
        "00:00+07:00",
        "23:59+07:00",
    )
    assert "Hours not known: 0811-8080-141" in schedules  # unknown hours are never given a time
    assert kp2mi["organization"]["alternate_name"] == "KP2MI" and kp2mi["eligibility_description"].startswith(
        "For migrant"
    )


def test_office_hours_have_no_invented_times(portals):
    lpsk = by_sop_id(doc(portals["national"], "en"))["lpsk"]
    office = [s for s in lpsk["schedules"] if s["description"].startswith("Office hours only")]
    assert office and office[0]["description"].endswith(": 148")
    assert all("opens_at" not in s for s in lpsk["schedules"] if "24 hours" not in s["description"])


def test_no_language_is_invented(portals):
    """No source in the data says which languages a line answers in: HSDS languages stay out."""
    for lang in LANGS:
        for item in doc(portals["district"], lang)["contents"]:
            assert "languages" not in item and all("languages" not in p for p in item["phones"])


def test_ids_are_stable_uuids_the_same_in_both_languages(portals, restricted_portals):
    first, second = doc(portals["national"], "id"), doc(portals["national"], "en")
    ids = lambda d: [(s["id"], [p["id"] for p in s["phones"]], s["organization"]["id"]) for s in d["contents"]]
    # restricted_portals is another load of the same national data, from another folder
    assert ids(first) == ids(second) == ids(doc(restricted_portals["national"], "id"))
    phone_ids = [p for s in first["contents"] for p in (x["id"] for x in s["phones"])]
    assert len(phone_ids) == len(set(phone_ids))
    orgs = {s["organization"]["id"]: s["organization"]["name"] for s in first["contents"]}
    assert len(orgs) == len(set(orgs.values()))


def test_restricted_contacts_and_review_notes_never_appear(restricted_portals):
    portal = restricted_portals["district"]
    assert RESTRICTED_ID in {c.id for c in portal.contacts}
    for lang in LANGS:
        text = hsds.to_hsds(portal, lang)
        assert RESTRICTED_NAME not in text and RESTRICTED_ID not in text
        assert RESTRICTED_PHONE.replace("-", "")[1:] not in re.sub(r"\D", "", text)
        for c in portal.contacts:
            if c.review_note:
                assert c.review_note.id not in text and c.review_note.en not in text
        public_local = [c.id for c in portal.public_contacts if c.id in portal.district.local_contact_ids]
        order = [s["sop_id"] for s in json.loads(text)["contents"]]
        assert public_local and set(order[: len(public_local)]) == set(public_local)  # the district's own first


def test_the_other_exports_are_unchanged_by_the_new_format(portals):
    assert set(FORMATS) == {"csv", "vcf", "json", "hsds"}
    assert "contacts" in json.loads(FORMATS["json"](portals["national"], "en"))


# -- the command ----------------------------------------------------------------------------------------------


def sop(*args, cwd):
    return run_sop(*args, cwd=cwd, env={"SOP_LANG": "en"})


def test_cli_writes_hsds_atomically_and_never_overwrites(small_data, tmp_path, validators):
    target = tmp_path / "kontak.json"
    cwd = small_data.parent
    first = sop("export", "contacts", "--format", "hsds", "--district", "contoh", "-o", str(target), cwd=cwd)
    assert first.returncode == 0, first.stderr
    written = json.loads(target.read_text(encoding="utf-8"))
    assert not problems(written, validators) and written["sop_export"]["district"] == "contoh"
    content = target.read_bytes()
    again = sop("export", "contacts", "--format", "hsds", "-o", str(target), cwd=cwd)
    assert again.returncode == 2 and "already exists" in again.stderr and target.read_bytes() == content
    forced = sop("export", "contacts", "--format", "hsds", "-o", str(target), "--force", cwd=cwd)
    assert forced.returncode == 0 and json.loads(target.read_text(encoding="utf-8"))["sop_export"]["district"] is None
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".part")]


# -- the site --------------------------------------------------------------------------------------------------


@pytest.mark.site
def test_the_directory_pages_json_download_is_hsds(built_site, validators):
    for folder, name in (("kontak", "kontak-sop-tppo.json"), ("en/kontak", "contacts-sop-tppo.json")):
        document = json.loads((built_site.site_dir / folder / name).read_text(encoding="utf-8"))
        assert document["sop_export"]["hsds_version"] == "3.0" and not problems(document, validators)
