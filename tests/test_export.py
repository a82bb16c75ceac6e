"""Contact exports: CSV, vCard 4.0 and JSON, hotlines first, restricted contacts never exported, no overwrite."""
import csv
import io
import json
import os
import shutil
import subprocess
import sys

import pytest

from datasets import TESTS, copy_minimal
from sop_portal.build import load_portal
from sop_portal.export import to_csv, to_json, to_vcard

ENV = {**{k: v for k, v in os.environ.items() if k not in ("SOP_LANG", "LANG", "LC_ALL")}, "SOP_LANG": "en"}


@pytest.fixture
def data(tmp_path):
    root = copy_minimal(tmp_path / "sop_data")
    shutil.copytree(TESTS / "fixtures" / "districts", root / "districts")
    return root


def sop(*args, cwd):
    return subprocess.run([sys.executable, "-m", "sop_portal", *args], cwd=cwd, env=ENV, capture_output=True,
                          text=True, timeout=60)


def test_json_uses_hsds_like_fields_and_keeps_values(data):
    out = json.loads(to_json(load_portal(data), "en"))
    [c] = out["contacts"]
    assert c["id"] == "polri-110" and c["name"] == "Indonesian National Police"
    assert c["phones"] == [{"number": "110", "dial": "110", "type": "voice", "description": None}]
    assert (c["assured_date"], c["assurer"], c["status"]) == ("2026-11-01", "Tim uji", "active")


def test_district_export_lists_local_contacts_but_never_restricted_ones(data):
    portal = load_portal(data, district="contoh")
    for text in (to_json(portal, "id"), to_csv(portal, "id"), to_vcard(portal, "id")):
        assert "forum-contoh" in text or "Forum Contoh" in text
        assert "rumah-aman" not in text and "Rumah Aman" not in text


def test_csv_opens_in_spreadsheets(data):
    text = to_csv(load_portal(data), "id")
    assert text.startswith("\ufeffid,name,service_name,hotline")
    rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
    assert rows[0]["phones"] == "110" and rows[0]["hotline"] == "true"


def test_vcard_is_version_4_with_crlf_and_folded_lines(data):
    text = to_vcard(load_portal(data, district="contoh"), "id")
    assert text.count("BEGIN:VCARD") == 2 and "VERSION:4.0\r\n" in text
    assert "TEL;VALUE=uri;TYPE=voice:tel:110" in text
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))


def test_cli_writes_atomically_and_refuses_to_overwrite(data, tmp_path):
    target = tmp_path / "kontak.vcf"
    first = sop("export", "contacts", "--format", "vcf", "-o", str(target), cwd=data.parent)
    assert first.returncode == 0, first.stderr
    content = target.read_bytes()
    again = sop("export", "contacts", "--format", "csv", "-o", str(target), cwd=data.parent)
    assert again.returncode == 2 and "already exists" in again.stderr
    assert target.read_bytes() == content
    forced = sop("export", "contacts", "--format", "csv", "-o", str(target), "--force", cwd=data.parent)
    assert forced.returncode == 0 and target.read_text(encoding="utf-8-sig").startswith("id,name")
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".part")]


def test_cli_unknown_district_is_wrong_usage(data):
    result = sop("export", "contacts", "--format", "json", "--district", "nowhere", cwd=data.parent)
    assert result.returncode == 2 and "contoh" in result.stderr
