"""The SOP as data: `sop export sop --format json` and the site's data/sop.json, with its own JSON Schema (checked
against the 2020-12 metaschema) published beside it; and stable step ids as a promise kept release after release
(tests/fixtures/published_step_ids.json, written by tests/record_step_ids.py when a version is released)."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator
from jsonschema.validators import validator_for

from conftest import run_sop
from datasets import DISTRICTS, copy_minimal
from sop_portal.build.portal import load_portal
from sop_portal.outputs import sopdata

DISTRICT = "timor-tengah-utara"
PUBLISHED = Path(__file__).parent / "fixtures" / "published_step_ids.json"


@pytest.fixture(scope="module")
def validator():
    schema = sopdata.schema()
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    return Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)


def errors(validator, document) -> list[str]:
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(document)]


# -- the schema -------------------------------------------------------------------------------------------------


def test_the_schema_is_valid_against_the_2020_12_metaschema():
    schema = sopdata.schema()
    assert validator_for(schema) is Draft202012Validator
    Draft202012Validator.check_schema(schema)
    meta = Draft202012Validator(Draft202012Validator.META_SCHEMA)
    assert not list(meta.iter_errors(schema))


def test_the_schema_bites(validator, site_portal):
    document = sopdata.document(site_portal)
    document["chapters"][0]["steps"][0]["provenance"]["status"] = "confirmed"
    document["chapters"][0]["steps"][1]["text"] = {"id": "hanya satu bahasa"}
    document["chapters"][0]["steps"][2]["id"] = "Not An Id"
    document["extra"] = True
    assert len(errors(validator, document)) >= 4


# -- the export ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("district", [None, DISTRICT])
def test_the_export_validates_and_holds_the_whole_sop(validator, site_portal, district_portal, district):
    portal = district_portal if district else site_portal
    document = json.loads(sopdata.to_json(portal))
    assert not errors(validator, document)
    assert document["sop_version"] == portal.sop_version and document["released_on"] == portal.released_on
    assert [c["id"] for c in document["chapters"]] == [s.id for s in portal.services]
    assert [s["id"] for c in document["chapters"] for s in c["steps"]] == list(portal.steps)
    # every reference resolves inside the document
    sources = {s["id"] for s in document["sources"]}
    actors = {a["id"] for a in document["actors"]}
    chapters = {c["id"] for c in document["chapters"]}
    text = json.dumps(document)
    cited = set(re.findall(r'"source": "([^"]+)"', json.dumps(document, indent=0)))
    assert cited and cited <= sources
    for chapter in document["chapters"]:
        assert set(chapter["lead"]["actors"]) <= actors
        for step in chapter["steps"]:
            assert set(step["actors"]) <= actors and step["text"]["id"] and step["text"]["en"]
    assert {r["from"] for r in document["referrals"]} | {r["to"] for r in document["referrals"]} <= chapters
    assert {i["id"] for i in document["open_items"]} == {i.id for i in portal.all_open_items}
    assert any(s["deadline"] and s["deadline"]["days"] for c in document["chapters"] for s in c["steps"])
    assert "review_note" not in text
    for c in portal.contacts:  # the directory has its own exports; its review notes are in none of them
        if c.review_note:
            assert c.review_note.en not in text and c.review_note.id not in text
    if district:
        assert document["district"]["slug"] == district
        changed = {s["id"]: s["local_change"] for c in document["chapters"] for s in c["steps"] if s["local_change"]}
        assert set(changed) == set(document["district"]["changed_steps"])
    else:
        assert document["district"] is None


def test_every_kind_of_local_change_validates(validator, tmp_path):
    data = copy_minimal(tmp_path / "sop_data")
    shutil.copytree(DISTRICTS, data / "districts")
    document = sopdata.document(load_portal(data, district="contoh"))
    assert not errors(validator, document)
    actions = {s["local_change"]["action"] for c in document["chapters"] for s in c["steps"] if s["local_change"]}
    assert {"annotate", "modify", "add"} <= actions  # the fixture district changes steps in these three ways


def sop(*args, cwd):
    return run_sop(*args, cwd=cwd, env={"SOP_LANG": "en"})


def test_cli_export_sop(tmp_path, validator):
    """The command on the minimal data with the fixture district 'contoh' (the content is tested above)."""
    data = copy_minimal(tmp_path / "sop_data")
    shutil.copytree(DISTRICTS, data / "districts")
    out = sop("export", "sop", "--format", "json", cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    assert out.stdout == sopdata.to_json(load_portal(data))
    target = tmp_path / "sop.json"
    first = sop("export", "sop", "--format", "json", "--district", "contoh", "-o", str(target), cwd=tmp_path)
    assert first.returncode == 0 and "Written" in first.stderr and "steps" in first.stderr
    document = json.loads(target.read_text(encoding="utf-8"))
    assert document["district"]["slug"] == "contoh" and not errors(validator, document)
    again = sop("export", "sop", "--format", "json", "-o", str(target), cwd=tmp_path)
    assert again.returncode == 2 and "already exists" in again.stderr
    assert json.loads(target.read_text(encoding="utf-8"))["district"]["slug"] == "contoh"
    forced = sop("export", "sop", "--format", "json", "-o", str(target), "--force", cwd=tmp_path)
    assert forced.returncode == 0 and json.loads(target.read_text(encoding="utf-8"))["district"] is None
    wrong = sop("export", "sop", "--format", "csv", cwd=tmp_path)
    assert wrong.returncode == 2 and "does not write --format csv" in wrong.stderr and not wrong.stdout
    nowhere = sop("export", "sop", "--format", "json", "--district", "nowhere", cwd=tmp_path)
    assert nowhere.returncode == 2 and "contoh" in nowhere.stderr
    helps = {lang: sop("export", "--help", "--lang", lang, cwd=tmp_path).stdout for lang in ("id", "en")}
    assert "sop export sop --format json" in helps["en"] and "HSDS 3.0" in helps["en"]
    assert "SOP sebagai data" in helps["id"] and "hsds" in helps["id"]


# -- stable step ids --------------------------------------------------------------------------------------------


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _key(version: str) -> tuple[int, ...]:
    return tuple(int(x) for x in version.split("."))


def broken_promises(portal, published: dict) -> list[str]:
    """Every published step id that disappeared or whose text changed, unless a changelog entry of a later version
    names it; and a changed text under the very version that published it (the version must be raised)."""
    current = sopdata.step_ids(portal)
    found = []
    for version, release in published["releases"].items():
        later = [r for r in portal.changelog if _key(r.version) > _key(version)]
        named = " ".join(c.id + " " + c.en for r in later for c in r.changes)
        for step_id, text in release["steps"].items():
            now = current.get(step_id)
            if now is not None and all(_norm(now[lang]) == _norm(text[lang]) for lang in ("id", "en")):
                continue
            what = "was removed" if now is None else "changed its text"
            if version == portal.sop_version:
                found.append(
                    f"{step_id} {what} after {version} was released: raise sop_version and say so in the "
                    f"changelog, naming {step_id}"
                )
            elif not re.search(rf"(?<![\w.-]){re.escape(step_id)}(?![\w-])", named):
                found.append(f"{step_id} (published in {version}) {what}, and no later changelog entry names it")
    return found


def test_published_step_ids_are_kept(site_portal):
    published = json.loads(PUBLISHED.read_text(encoding="utf-8"))
    assert site_portal.sop_version in published["releases"], (
        f"sop_version {site_portal.sop_version} is not recorded: run `python tests/record_step_ids.py` when it is released"
    )
    assert not broken_promises(site_portal, published)


def test_the_promise_bites(tmp_path):
    """A removed step or a rewritten one breaks the promise until a later changelog entry names it."""
    data = copy_minimal(tmp_path / "sop_data")
    portal = load_portal(data)
    step_id = next(iter(portal.steps))
    released = {
        "releases": {portal.sop_version: {"released_on": portal.released_on, "steps": sopdata.step_ids(portal)}}
    }
    assert not broken_promises(portal, released)
    service = data / "services" / "pemulangan.yaml"
    text = portal.steps[step_id].text
    service.write_text(
        service.read_text(encoding="utf-8").replace(text.en, text.en + " Now for children only."), encoding="utf-8"
    )
    changed = load_portal(data)
    assert broken_promises(changed, released) == [
        f"{step_id} changed its text after {portal.sop_version} was released: raise sop_version and say so in the "
        f"changelog, naming {step_id}"
    ]
    older = {"releases": {"0.9.0": released["releases"][portal.sop_version]}}
    assert any("no later changelog entry names it" in p for p in broken_promises(changed, older))
    sop_yaml = data / "sop.yaml"
    raw = sop_yaml.read_text(encoding="utf-8")
    entry = f'      - {{id: "{step_id}: kini hanya untuk anak.", en: "{step_id}: now for children only."}}\n'
    sop_yaml.write_text(re.sub(r"(?m)^(    changes:\n)", lambda m: m.group(1) + entry, raw, count=1), encoding="utf-8")
    assert not broken_promises(load_portal(data), older)


# -- the published copy -----------------------------------------------------------------------------------------


@pytest.mark.site
def test_the_site_publishes_the_export_and_its_schema(built_site, site_portal, validator):
    site = built_site.site_dir
    published = (site / "data" / "sop.json").read_text(encoding="utf-8")
    assert published == sopdata.to_json(site_portal)
    assert not errors(validator, json.loads(published))
    assert json.loads((site / "data" / sopdata.SCHEMA_NAME).read_text(encoding="utf-8")) == sopdata.schema()
    assert json.loads(published)["schema"] == sopdata.SCHEMA_NAME  # the schema is found beside the data
