"""District profiles: resolution over the national data, each validation rule, the scaffold, `sop diff`, upgrades."""

import datetime
import json
import shutil

import pytest

from conftest import run_sop
from datasets import TESTS, copy_minimal
from sop_portal.build.portal import load_portal
from sop_portal.data.validate import validate

TODAY = datetime.date(2026, 11, 23)
FIXTURES = TESTS / "fixtures"


@pytest.fixture
def data(tmp_path):
    root = copy_minimal(tmp_path / "sop_data")
    shutil.copytree(FIXTURES / "districts", root / "districts")
    return root


def profile(root):
    return root / "districts" / "contoh" / "profile.yaml"


def edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new), encoding="utf-8")


def errors(root, lang="en"):
    return [p.format(lang, cwd=root) for p in validate(root, today=TODAY).problems]


def sop(*args, cwd):
    """`sop ARGS` in English, its standard input empty and not a terminal (conftest.run_sop)."""
    return run_sop(*args, cwd=cwd, env={"SOP_LANG": "en"})


# -- resolution ------------------------------------------------------------------------------------


def test_valid_district_and_national_build_stays_national(data):
    assert validate(data, today=TODAY).ok
    national = load_portal(data, today=TODAY)
    assert national.district is None
    assert [s.id for s in national.service("pemulangan").steps] == ["pemulangan.s1", "pemulangan.s2"]
    assert "forum-contoh" not in {c.id for c in national.contacts}


def test_district_resolution_marks_every_local_change(data):
    portal = load_portal(data, today=TODAY, district="contoh")
    steps = portal.service("pemulangan").steps
    assert [s.id for s in steps] == ["pemulangan.s1", "pemulangan.s2", "pemulangan.contoh-1"]
    assert [s.number for s in steps] == [1, 2, 3]
    annotated, modified, added = steps
    assert annotated.change.action == "annotate" and annotated.change.note.en == "Contact the nearest consulate."
    assert modified.text.en == "The local forum assesses the risks in the home village."
    assert modified.change.national_text.en == "Assess the risks before return."
    assert modified.change.rationale.id == "Forum lokal mengenal desa."
    assert [a.id for a in modified.actors] == ["forum_lokal"]
    assert added.change.action == "add" and added.checklist
    # Local names everywhere: the renamed national actor in another step's actor list.
    assert portal.actors["kemenpppa"].name.id == "Dinas PPPA Kabupaten Contoh"
    assert portal.actors["kemenpppa"].national_name.id == "Kementerian PPPA"
    # Local contacts first, restricted ones kept in the model but never public.
    assert [c.id for c in portal.contacts][:2] == ["forum-contoh", "rumah-aman-contoh"]
    assert "rumah-aman-contoh" not in {c.id for c in portal.public_contacts}


def test_modified_step_shows_its_local_source_not_the_national_one(data):
    portal = load_portal(data, today=TODAY, district="contoh")
    modified = portal.service("pemulangan").steps[1]
    assert modified.provenance.status == "secondary"
    assert [c.document.id for c in modified.provenance.sources] == ["berita"]
    national = load_portal(data, today=TODAY).service("pemulangan").steps[1]
    assert [c.document.id for c in national.provenance.sources] == ["panduan-iom"]


def test_not_applicable_step_leaves_the_checklist(data):
    edit(
        profile(data),
        "  - action: modify\n    step: pemulangan.s2\n",
        "  - action: not_applicable\n    step: pemulangan.s2\n",
    )
    portal = load_portal(data, today=TODAY, district="contoh")
    assert "pemulangan.s2" not in [s.id for s in portal.service("pemulangan").checklist]


# -- validation rules ------------------------------------------------------------------------------


def test_mandatory_step_cannot_be_removed(data):
    edit(
        profile(data),
        "  - action: annotate\n    step: pemulangan.s1\n",
        "  - action: not_applicable\n    step: pemulangan.s1\n",
    )
    assert errors(data) == [
        "districts/contoh/profile.yaml:26:13: the national step 'pemulangan.s1' is mandatory and cannot be marked not "
        "applicable — use action: annotate with a note explaining how the district fulfils it"
    ]
    assert errors(data, "id")[0].startswith(
        "districts/contoh/profile.yaml:26:13: langkah nasional 'pemulangan.s1' wajib"
    )


def test_mandatory_step_cannot_be_replaced(data):
    edit(
        profile(data),
        "  - action: annotate\n    step: pemulangan.s1\n",
        "  - action: modify\n    step: pemulangan.s1\n",
    )
    edit(
        profile(data),
        "    note: {id: Hubungi KJRI terdekat., en: Contact the nearest consulate.}",
        "    text: {id: Hubungi KJRI terdekat., en: Contact the nearest consulate.}",
    )
    assert errors(data) == [
        "districts/contoh/profile.yaml:26:5: the required field 'sources' is missing — add 'sources:' here (sources)",
        "districts/contoh/profile.yaml:26:5: the required field 'status' is missing — add 'status:' here (status)",
        "districts/contoh/profile.yaml:26:13: the national step 'pemulangan.s1' is mandatory and cannot be replaced"
        " — use action: annotate with a note instead of modify",
    ]


def test_unknown_national_step_gets_a_suggestion(data):
    edit(profile(data), "step: pemulangan.s2", "step: pemulangan.s3")
    assert errors(data) == [
        "districts/contoh/profile.yaml:19:11: unknown step 'pemulangan.s3' (did you mean 'pemulangan.s2'?)"
        " — use an id defined in services/*.yaml"
    ]


def test_slug_must_match_its_folder(data):
    edit(profile(data), "slug: contoh", "slug: lain")
    assert errors(data) == [
        "districts/contoh/profile.yaml:2:7: slug 'lain' differs from the folder name 'contoh' — set slug: contoh or rename the folder"
    ]


def test_added_step_id_must_start_with_its_service(data):
    edit(profile(data), "id: pemulangan.contoh-1", "id: pengaduan.contoh-1")
    assert errors(data)[0].startswith(
        "districts/contoh/profile.yaml:32:9: the local step 'pengaduan.contoh-1' comes after a step of 'pemulangan'"
    )


def test_modify_without_text_is_a_schema_error(data):
    edit(
        profile(data),
        "    text: {id: Forum lokal menilai risiko di desa asal., en: The local forum assesses the risks in the home village.}\n",
        "",
    )
    assert errors(data) == [
        "districts/contoh/profile.yaml:18:5: the required field 'text' is missing — add 'text:' here (text)"
    ]


def test_district_contact_needs_a_known_actor_and_restricted_contacts_cannot_be_outcomes(data):
    edit(
        data / "districts" / "contoh" / "contacts.yaml",
        "    service: {id: Pendampingan, en: Support}\n",
        "    actor: forum_lokal\n    service: {id: Pendampingan, en: Support}\n",
    )
    assert errors(data) == []  # a local actor is a valid reference from local contacts
    trees = data / "districts" / "contoh" / "decision_trees"
    trees.mkdir()
    tree = (data / "decision_trees" / "korban-di-luar-negeri.yaml").read_text(encoding="utf-8")
    (trees / "korban-di-luar-negeri.yaml").write_text(
        tree.replace("../schema/", "../../../schema/").replace(
            "contacts: [kp2mi-crisis-centre]", "contacts: [rumah-aman-contoh]"
        ),
        encoding="utf-8",
    )
    found = errors(data)
    assert any(
        line.startswith("districts/contoh/decision_trees/korban-di-luar-negeri.yaml:")
        and "the contact 'rumah-aman-contoh' is restricted and can never be shown — refer to a public contact "
        "here; restricted entries never reach the site"
        in line
        for line in found
    ), found
    # The safety rules hold on a district's tree too: the immediate outcome abroad lost its 24-hour line.
    assert any(
        "the immediate outcome 'o-darurat' offers no 24-hour line that works from abroad" in line for line in found
    ), found
    assert len(found) == 2, found


def test_unsafe_folder_name_is_reported(data):
    shutil.copytree(data / "districts" / "contoh", data / "districts" / "Bad Name")
    assert any("'Bad Name' is not a safe district slug" in line for line in errors(data))


# -- upgrades --------------------------------------------------------------------------------------


def national_1_1_0(root, *, remove_s2=False):
    """The second fixture version of the national data: 1.1.0 changes the text of pemulangan.s2."""
    edit(root / "sop.yaml", 'sop_version: "1.0.0"', 'sop_version: "1.1.0"')
    edit(
        root / "sop.yaml",
        "changelog:\n",
        'changelog:\n  - version: "1.1.0"\n    date: 2026-11-23\n    changes:\n'
        "      - {id: Teks pemulangan.s2 diperjelas., en: Clarified pemulangan.s2.}\n",
    )
    edit(
        root / "services" / "pemulangan.yaml", "Assess the risks before return.", "Assess the risks before any return."
    )


def test_upgrade_warns_for_each_adapted_step_that_changed(data):
    national_1_1_0(data)
    report = validate(data, today=TODAY)
    assert report.ok  # warnings only: the district still builds
    assert [p.format("en", cwd=data) for p in report.warnings] == [
        "districts/contoh/profile.yaml:5:19: warning: this profile is based on national version 1.0.0; the national "
        'data is now 1.1.0 — review the warnings for this district, then set base_sop_version: "1.1.0"',
        "districts/contoh/profile.yaml:20:20: warning: the national text of 'pemulangan.s2' changed since this change "
        "was made (national version 1.1.0, profile based on 1.0.0) — compare the new national text with your change, "
        'update the change and its national_text, then set base_sop_version: "1.1.0"',
    ]
    result = sop("validate", cwd=data.parent)
    assert result.returncode == 0 and "pemulangan.s2" in result.stdout


def test_upgrade_warns_when_an_adapted_step_disappeared(data):
    national_1_1_0(data)
    edit(profile(data), "step: pemulangan.s1\n", "step: pemulangan.s0\n")
    warnings = [p.format("en", cwd=data) for p in validate(data, today=TODAY).warnings]
    assert any(
        "the adapted national step 'pemulangan.s0' no longer exists in national version 1.1.0" in w for w in warnings
    )


# -- scaffold and diff -----------------------------------------------------------------------------


def test_new_district_scaffold_validates_immediately_and_never_overwrites(tmp_path):
    root = copy_minimal(tmp_path / "sop_data")
    result = sop("new-district", "kota-baru", "--name", "Kota Baru", "--province", "Kalimantan Selatan", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    created = root / "districts" / "kota-baru" / "profile.yaml"
    text = created.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../../schema/district.schema.json")
    assert "sop validate" in text and "action is one of" in text  # comments that teach the format
    assert validate(root, today=TODAY).ok
    again = sop("new-district", "kota-baru", "--name", "Lain", "--province", "Lain", cwd=tmp_path)
    assert again.returncode == 2 and "already exists" in again.stderr
    assert created.read_text(encoding="utf-8") == text
    forced = sop("new-district", "kota-baru", "--name", "Lain", "--province", "Lain", "--force", cwd=tmp_path)
    assert forced.returncode == 0 and "Lain" in created.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "slug", ["../evil", "a/b", "A-Kota", "kota baru", "..", "-x", "x", "kota--baru", "kota\\baru", ""]
)
def test_new_district_rejects_unsafe_slugs(tmp_path, slug):
    copy_minimal(tmp_path / "sop_data")
    result = sop("new-district", slug, "--name", "X", "--province", "Y", cwd=tmp_path)
    assert result.returncode == 2
    assert not (tmp_path / "sop_data" / "districts").exists()


def test_new_district_prefills_from_an_answers_file(tmp_path):
    root = copy_minimal(tmp_path / "sop_data")
    shutil.copyfile(FIXTURES / "adaptation-tree.yaml", root / "decision_trees" / "adaptasi.yaml")
    answers = tmp_path / "answers.yaml"
    answers.write_text("q-uptd: 2\n", encoding="utf-8")
    result = sop(
        "new-district",
        "kota-baru",
        "--name",
        "Kota Baru",
        "--province",
        "Kalsel",
        "--answers",
        str(answers),
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    portal = load_portal(root, today=TODAY, district="kota-baru")
    step = portal.service("pemulangan").steps[0]
    assert step.change.action == "annotate"
    assert step.change.note.en == "In Kota Baru the office plays this role."
    assert [i.text.id for i in portal.district.open_items] == ["Kumpulkan kontak Dinas di Kalsel."]
    answers.write_text("q-uptd: Yes\n", encoding="utf-8")
    result = sop(
        "new-district",
        "kota-lain",
        "--name",
        "Kota Lain",
        "--province",
        "Kalsel",
        "--answers",
        str(answers),
        cwd=tmp_path,
    )
    assert result.returncode == 0
    assert (
        load_portal(root, today=TODAY, district="kota-lain").actors["perwakilan_ri"].name.en == "Mission for Kota Lain"
    )


def test_new_district_with_a_wrong_answer_explains_the_choices(tmp_path):
    root = copy_minimal(tmp_path / "sop_data")
    shutil.copyfile(FIXTURES / "adaptation-tree.yaml", root / "decision_trees" / "adaptasi.yaml")
    answers = tmp_path / "answers.yaml"
    answers.write_text("q-uptd: maybe\n", encoding="utf-8")
    result = sop("new-district", "kota-baru", "--name", "K", "--province", "P", "--answers", str(answers), cwd=tmp_path)
    assert result.returncode == 2
    assert "q-uptd" in result.stderr and "1: Ya / Yes" in result.stderr
    assert not (root / "districts").exists()


def test_new_district_without_a_terminal_never_waits(tmp_path):
    root = copy_minimal(tmp_path / "sop_data")
    shutil.copyfile(FIXTURES / "adaptation-tree.yaml", root / "decision_trees" / "adaptasi.yaml")
    result = sop("new-district", "kota-baru", "--name", "K", "--province", "P", cwd=tmp_path)
    assert result.returncode == 0
    assert "--answers" in result.stderr


def test_diff_lists_changes_as_text_and_json(data):
    result = sop("diff", "contoh", "--format", "json", cwd=data.parent)
    assert result.returncode == 0, result.stderr
    diff = json.loads(result.stdout)
    assert [(c["action"], c["step"]) for c in diff["changes"]] == [
        ("annotate", "pemulangan.s1"),
        ("modify", "pemulangan.s2"),
        ("add", "pemulangan.contoh-1"),
    ]
    assert diff["changes"][1]["national_text"]["en"] == "Assess the risks before return."
    assert diff["actor_names"][0]["local"]["id"] == "Dinas PPPA Kabupaten Contoh"
    assert [c["id"] for c in diff["local_contacts"]] == ["forum-contoh", "rumah-aman-contoh"]
    text = sop("diff", "contoh", cwd=data.parent)
    assert "~ pemulangan.s2 [modified]" in text.stdout
    assert "national: Assess the risks before return." in text.stdout
    missing = sop("diff", "nowhere", cwd=data.parent)
    assert missing.returncode == 2 and "contoh" in missing.stderr
