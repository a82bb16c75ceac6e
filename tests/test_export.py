"""Contact exports: CSV, vCard 4.0 and JSON, hotlines first, restricted contacts never exported, no overwrite.

The files are read back as their readers read them: the vCard with a real vCard parser (vobject), the CSV with
csv.DictReader, the JSON with json. They are built from the project's own data (the numbers the issue is about:
0800-1000, 110, the WhatsApp lines); a copy of it gets a restricted district contact or a confirmation."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
from pathlib import Path

import pytest
import vobject

from conftest import DATA_DIR, run_sop
from datasets import DISTRICTS, RESTRICTED_DISTRICT, RESTRICTED_ID, RESTRICTED_NAME, RESTRICTED_PHONE, copy_minimal
from sop_portal.build.portal import load_portal
from sop_portal.outputs.export import CSV_FIELDS, provenance_sentence, to_csv, to_json, to_vcard

LANGS = ("id", "en")
DISTRICT = RESTRICTED_DISTRICT
NOT_CONFIRMED = {"id": "belum dikonfirmasi langsung ke layanan", "en": "not yet confirmed directly with the service"}


@pytest.fixture(scope="module")
def portal(site_portal):
    return site_portal


@pytest.fixture
def small_data(tmp_path) -> Path:
    """The minimal data with the fixture district 'contoh', for the command's own behaviour."""
    data = copy_minimal(tmp_path / "work" / "sop_data")
    shutil.copytree(DISTRICTS, data / "districts")
    return data


def sop(*args, cwd):
    return run_sop(*args, cwd=cwd, env={"SOP_LANG": "en"})


def cards(text: str) -> dict[str, vobject.base.Component]:
    """The vCards by contact id (UID urn:sop-tppo:<id>), parsed by vobject."""
    out = {}
    for card in vobject.readComponents(text):
        assert card.version.value == "4.0"
        out[card.uid.value.removeprefix("urn:sop-tppo:")] = card
    return out


def tels(card) -> list:
    return card.contents.get("tel", [])


def label_of(card, tel) -> str | None:
    """The X-ABLabel of the TEL's group (item<n>.TEL / item<n>.X-ABLabel)."""
    return next((x.value for x in card.contents.get("x-ablabel", []) if x.group == tel.group), None)


def types(tel) -> set[str]:
    return {t.lower() for value in tel.params.get("TYPE", []) for t in value.split(",")}


def whatsapp_marked(tel) -> bool:
    return [v.lower() for v in tel.params.get("X-SERVICE-TYPE", [])] == ["whatsapp"]


# -- vCard ------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_vcard_parses_one_card_per_public_contact_hotlines_first(portal, lang):
    text = to_vcard(portal, lang)
    parsed = cards(text)
    assert list(parsed) == [c.id for c in sorted(portal.public_contacts, key=lambda c: not c.hotline)]
    for c in portal.public_contacts:
        assert parsed[c.id].fn.value == c.organisation.get(lang)
    assert "\n" not in text.replace("\r\n", "")
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))


@pytest.mark.parametrize("lang", LANGS)
def test_toll_free_and_short_codes_dial_as_written_never_with_plus_62(portal, lang):
    parsed = cards(to_vcard(portal, lang))
    kp2mi = [t.value for t in tels(parsed["kp2mi-crisis-centre"])]
    assert "tel:08001000" in kp2mi  # 0800-1000: toll-free inside Indonesia, dialled as written
    assert "tel:+622129244800" in kp2mi  # the number for callers abroad stays international
    assert not any(v.startswith("tel:+62800") or v.startswith("tel:+628001000") for v in kp2mi)
    assert [t.value for t in tels(parsed["polri-110"])] == ["tel:110"]
    for c in portal.public_contacts:
        for p in c.phones:
            if p.domestic_only:  # 110, 129, 148, 171, 0800-1000
                assert f"tel:{p.digits}" in [t.value for t in tels(parsed[c.id])], (c.id, p.number)
    for card in parsed.values():
        for t in tels(card):
            assert t.params["VALUE"] == ["uri"] and re.fullmatch(r"tel:\+?\d+", t.value), t.value
            assert not re.fullmatch(r"tel:\+62(800\d+|\d{3,5})", t.value), t.value


@pytest.mark.parametrize("lang", LANGS)
def test_whatsapp_numbers_are_marked_whatsapp_and_calls_are_not(portal, lang):
    parsed = cards(to_vcard(portal, lang))
    seen = 0
    for c in portal.public_contacts:
        card = parsed[c.id]
        for p in c.phones:
            [t] = [t for t in tels(card) if t.value == f"tel:{p.dial}"]
            if p.kind == "whatsapp":
                seen += 1
                assert whatsapp_marked(t) and {"cell", "text"} <= types(t), p.number
                assert label_of(card, t).startswith("WhatsApp"), p.number
                impp = [x for x in card.contents.get("impp", []) if x.value == f"https://wa.me/{p.whatsapp}"]
                assert len(impp) == 1 and [v.lower() for v in impp[0].params["X-SERVICE-TYPE"]] == ["whatsapp"]
            else:
                assert not whatsapp_marked(t) and "cell" not in types(t), p.number
    assert seen == 3  # SAPA 129, LPSK and KP2MI


def test_phone_labels_say_where_a_number_works_from_and_its_hours(portal):
    card = cards(to_vcard(portal, "en"))["kp2mi-crisis-centre"]
    labels = {t.value: label_of(card, t) for t in tels(card)}
    assert labels["tel:08001000"] == "only from inside Indonesia · 24 hours"
    assert labels["tel:+622129244800"] == "from abroad · 24 hours"
    assert labels["tel:+628118080141"] == "WhatsApp · from Indonesia and abroad · hours not known"
    lpsk = cards(to_vcard(portal, "id"))["lpsk"]
    assert {label_of(lpsk, t) for t in tels(lpsk) if t.value == "tel:148"} == {
        "hanya dari dalam Indonesia · hanya jam kerja — bukan saluran darurat"
    }


@pytest.mark.parametrize("lang", LANGS)
def test_note_carries_the_public_caveats_and_never_the_review_note(portal, lang):
    parsed = cards(to_vcard(portal, lang))
    for c in portal.public_contacts:
        note = parsed[c.id].note.value
        assert c.service.get(lang) in note
        if c.note:
            assert c.note.get(lang) in note
        assert provenance_sentence(c, lang) in note
        if c.phones:
            assert note.endswith(NOT_CONFIRMED[lang]), c.id
        if c.review_note:
            assert c.review_note.get("id") not in note and c.review_note.get("en") not in note
    kp2mi = parsed["kp2mi-crisis-centre"].note.value
    if lang == "en":
        assert (
            "0800-1000: only from inside Indonesia · 24 hours · for migrant workers and their families"
            " — Within Indonesia, toll-free"
        ) in kp2mi
        assert "Number from Media Masa Kini (April 2025); Antara (date not given); " + NOT_CONFIRMED["en"] in kp2mi
        assert (
            "148: only from inside Indonesia · office hours only — not an emergency line" in parsed["lpsk"].note.value
        )
    else:
        assert (
            "Nomor dari Media Masa Kini (April 2025); Antara (tanggal tidak disebut); " + NOT_CONFIRMED["id"] in kp2mi
        )
    assert "rev" not in parsed["polri-110"].contents  # no revision date that could read as the day it was checked


# -- CSV --------------------------------------------------------------------------------------------------------


def csv_rows(text: str) -> list[dict]:
    assert text.startswith("\ufeff")  # spreadsheets open UTF-8 with the BOM
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff"), newline=""))
    assert tuple(reader.fieldnames) == CSV_FIELDS
    return list(reader)


@pytest.mark.parametrize("lang", LANGS)
def test_csv_has_a_row_per_contact_with_reach_hours_and_audience(portal, lang):
    rows = {r["id"]: r for r in csv_rows(to_csv(portal, lang))}
    assert list(rows) == [c.id for c in sorted(portal.public_contacts, key=lambda c: not c.hotline)]
    for row in rows.values():
        assert row["confirmed_on"] == "" and row["confirmed_by"] == ""  # nobody has confirmed a number yet
    k = rows["kp2mi-crisis-centre"]
    assert k["phones"] == "0800-1000; +62 21 2924 4800" and k["whatsapp"] == "0811-8080-141"
    assert k["hotline"] == "true" and k["seen_on"] == "2025-04"
    if lang == "en":
        assert k["phone_details"].split("; ") == [
            "0800-1000 (only from inside Indonesia, 24 hours, for migrant workers and their families)",
            "0811-8080-141 (WhatsApp, from Indonesia and abroad, hours not known, over the internet,"
            " for migrant workers and their families)",
            "+62 21 2924 4800 (from abroad, 24 hours, for migrant workers and their families)",
        ]
        assert k["seen_in"] == "Media Masa Kini (April 2025); Antara (date not given)"
        assert rows["polri-110"]["phone_details"] == "110 (only from inside Indonesia, 24 hours)"
    else:
        assert rows["polri-110"]["phone_details"] == "110 (hanya dari dalam Indonesia, 24 jam)"
    assert rows["kemlu-pelindungan-wni"]["phones"] == "" and rows["kemlu-pelindungan-wni"]["seen_on"] == "2018"


def test_csv_cells_never_hold_a_review_note(portal):
    for lang in LANGS:
        cells = " ".join(v for r in csv_rows(to_csv(portal, lang)) for v in r.values())
        for c in portal.contacts:
            if c.review_note:
                assert c.review_note.id not in cells and c.review_note.en not in cells


# -- JSON -------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_json_says_where_numbers_were_seen_and_asserts_no_check(portal, lang):
    out = json.loads(to_json(portal, lang))
    assert out["meta"] == {"sop_version": portal.sop_version, "language": lang, "district": None}
    by_id = {r["id"]: r for r in out["contacts"]}
    for c in portal.public_contacts:
        r = by_id[c.id]
        assert "assured_date" not in r and "assurer" not in r and r["confirmation"] is None
        assert [s["publisher"] for s in r["seen_in"]] == [x.document.publisher for x in c.provenance.sources]
        assert r["seen_on"] == c.seen_on
        assert r["provenance_text"] == provenance_sentence(c, lang)
        assert {p["number"]: (p["dial_from"], p["hours"], p["serves"]) for p in r["phones"]} == {
            p.number: (p.dial_from, p.hours, p.serves) for p in c.phones
        }
    k = by_id["kp2mi-crisis-centre"]
    assert k["phones"][0] == {
        "number": "0800-1000",
        "dial": "08001000",
        "type": "voice",
        "description": "Within Indonesia, toll-free" if lang == "en" else "Dari dalam negeri, bebas pulsa",
        "dial_from": "indonesia",
        "hours": "24h",
        "serves": "migrant_workers",
        "link": "tel:08001000",
        "caveats": ["only from inside Indonesia", "24 hours", "for migrant workers and their families"]
        if lang == "en"
        else ["hanya dari dalam Indonesia", "24 jam", "untuk pekerja migran dan keluarganya"],
    }
    wa = next(p for p in k["phones"] if p["type"] == "whatsapp")
    assert wa["link"] == "https://wa.me/628118080141" and wa["dial_from"] == "both"
    assert k["seen_in"][0]["published_on"] == "2025-04" and k["seen_in"][1]["published_on"] is None
    text = json.dumps(out, ensure_ascii=False)
    for c in portal.contacts:
        if c.review_note:
            assert c.review_note.id not in text and c.review_note.en not in text


def test_a_confirmation_is_exported_only_where_a_person_recorded_one(tmp_path):
    data = tmp_path / "sop_data"
    shutil.copytree(DATA_DIR, data)
    national = data / "contacts" / "national.yaml"
    text = national.read_text(encoding="utf-8")
    anchor = "    sources:\n      - document: detik-sumut-110\n"
    assert anchor in text
    national.write_text(
        text.replace(anchor, '    confirmed: {date: 2026-11-01, by: "Tim uji", method: call}\n' + anchor),
        encoding="utf-8",
    )
    portal = load_portal(data)
    records = {r["id"]: r for r in json.loads(to_json(portal, "en"))["contacts"]}
    assert (records["polri-110"]["assured_date"], records["polri-110"]["assurer"]) == ("2026-11-01", "Tim uji")
    assert records["polri-110"]["confirmation"] == {
        "date": "2026-11-01",
        "by": "Tim uji",
        "method": "call",
        "url": None,
    }
    assert "assured_date" not in records["sapa-129"] and records["sapa-129"]["confirmation"] is None
    rows = {r["id"]: r for r in csv_rows(to_csv(portal, "en"))}
    assert (rows["polri-110"]["confirmed_on"], rows["sapa-129"]["confirmed_on"]) == ("2026-11-01", "")
    note = cards(to_vcard(portal, "en"))["polri-110"].note.value
    assert note.endswith("Confirmed with the service on 1 November 2026 by Tim uji (by phone)")


# -- districts and the command -----------------------------------------------------------------------------------


def test_district_export_lists_local_contacts_but_never_restricted_ones(restricted_portals):
    portal = restricted_portals["district"]
    assert portal.district.local_contact_ids and RESTRICTED_ID in {c.id for c in portal.contacts}
    for lang in LANGS:
        outputs = {"json": to_json(portal, lang), "csv": to_csv(portal, lang), "vcf": to_vcard(portal, lang)}
        for fmt, text in outputs.items():
            assert "polres-ttu" in text or "Polres" in text, fmt
            flat = text.replace("\r\n ", "")  # vCard folding
            assert RESTRICTED_NAME not in flat and RESTRICTED_ID not in flat, fmt
            assert RESTRICTED_PHONE.replace("-", "")[1:] not in re.sub(r"\D", "", flat), fmt
        assert json.loads(outputs["json"])["meta"]["district"] == DISTRICT
        local = [c.id for c in portal.public_contacts if c.id in portal.district.local_contact_ids]
        national = [c.id for c in sorted(portal.public_contacts, key=lambda c: not c.hotline) if c.id not in local]
        assert list(cards(outputs["vcf"])) == local + national  # the district's own first, then hotlines
        assert [r["id"] for r in json.loads(outputs["json"])["contacts"]] == local + national


def test_cli_writes_atomically_and_refuses_to_overwrite(small_data, tmp_path):
    target = tmp_path / "kontak.vcf"
    first = sop("export", "contacts", "--format", "vcf", "-o", str(target), cwd=small_data.parent)
    assert first.returncode == 0, first.stderr
    content = target.read_bytes()
    assert cards(content.decode("utf-8"))
    again = sop("export", "contacts", "--format", "csv", "-o", str(target), cwd=small_data.parent)
    assert again.returncode == 2 and "already exists" in again.stderr
    assert target.read_bytes() == content
    forced = sop("export", "contacts", "--format", "csv", "-o", str(target), "--force", cwd=small_data.parent)
    assert forced.returncode == 0 and target.read_text(encoding="utf-8-sig").startswith("id,name")
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".part")]


def test_cli_writes_the_district_export_to_stdout(small_data):
    result = sop("export", "contacts", "--format", "json", "--district", "contoh", cwd=small_data.parent)
    assert result.returncode == 0, result.stderr
    assert result.stdout == to_json(load_portal(small_data, district="contoh"), "en")


def test_cli_unknown_district_is_wrong_usage(small_data):
    result = sop("export", "contacts", "--format", "json", "--district", "nowhere", cwd=small_data.parent)
    assert result.returncode == 2 and "contoh" in result.stderr
