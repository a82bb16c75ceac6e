"""Content checks on the real SOP data (sop_data/): the facts that people in danger rely on.

These pin what the encoded Permen PPPA 8/2021 must keep saying, whatever else is edited:
the seven chapters, sourced steps, legal deadlines with their articles, safe hotlines.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

DATA = Path(__file__).parent.parent / "sop_data"

CHAPTERS = {
    "pengaduan": 1,
    "rehabilitasi-kesehatan": 2,
    "rehabilitasi-sosial": 3,
    "bantuan-hukum": 4,
    "pemulangan": 5,
    "reintegrasi-sosial": 6,
    "koordinasi": 7,
}


@pytest.fixture(scope="module")
def portal(site_portal, data_dir):
    assert data_dir == DATA.resolve(), "these tests are about the project's own sop_data (SOP_DATA_DIR is set)"
    return site_portal


def _is_uu21(citation) -> bool:
    return citation.document.id.startswith("uu-21-2007")


def _article(citation) -> str:
    return re.sub(r"\s+", " ", citation.article or "")


# -- the data as a whole -------------------------------------------------------------------------


def test_validator_reports_no_errors(project_report):
    assert project_report.errors == [], "\n".join(str(p) for p in project_report.errors)


def test_ids_do_not_collide(portal):
    steps = [s.id for svc in portal.services for s in svc.steps]
    assert len(steps) == len(set(steps))
    open_items = [i.id for i in portal.all_open_items]
    assert len(open_items) == len(set(open_items))
    contacts = [c.id for c in portal.contacts]
    assert len(contacts) == len(set(contacts))
    terms = [t.id for t in portal.glossary]
    assert len(terms) == len(set(terms))


def test_enough_actors_and_glossary_terms(portal):
    assert len(portal.actors) >= 20
    assert len(portal.glossary) >= 40


def test_gt_pusat_mentions_perpres_49_2023(portal):
    gt = portal.actors["gt_pusat"]
    texts = [gt.description.id, gt.description.en]
    if gt.note:
        texts += [gt.note.id, gt.note.en]
    assert any("49/2023" in t or "49 Tahun 2023" in t or "49 of 2023" in t for t in texts)


# -- chapters --------------------------------------------------------------------------------------


def test_seven_chapters_with_ids_and_numbers(portal):
    found = {svc.id: svc.number for svc in portal.services}
    assert found == CHAPTERS
    for svc in portal.services:
        assert svc.kind == ("coordination" if svc.id == "koordinasi" else "service")
        assert svc.title.id.strip() and svc.title.en.strip()
        assert svc.short_title.id.strip() and svc.short_title.en.strip()


@pytest.mark.parametrize("service_id", list(CHAPTERS))
def test_steps_are_numbered_in_order(portal, service_id):
    """A step's number is its position; its id is stable and never reused. A step added later (e.g. from Permensos
    8/2023, issue 13) takes the next free id and may sit where it belongs, so ids need not follow positions."""
    svc = portal.service(service_id)
    assert len(svc.steps) >= 6
    assert [s.number for s in svc.steps] == list(range(1, len(svc.steps) + 1))
    ids = [s.id for s in svc.steps]
    assert sorted(ids, key=lambda i: int(i.rsplit(".s", 1)[1])) == [
        f"{service_id}.s{i}" for i in range(1, len(ids) + 1)
    ]


@pytest.mark.parametrize("service_id", list(CHAPTERS))
def test_every_step_has_actor_and_source(portal, service_id):
    for step in portal.service(service_id).steps:
        assert step.actors, step.id
        assert step.provenance.sources, step.id
        assert step.text.id.strip() and step.text.en.strip(), step.id


@pytest.mark.parametrize("service_id", list(CHAPTERS))
def test_at_least_five_checklist_steps(portal, service_id):
    assert len(portal.service(service_id).checklist) >= 5


@pytest.mark.parametrize("service_id", list(CHAPTERS))
def test_every_chapter_lists_open_items(portal, service_id):
    """The annex was not available: every chapter says what is still to be completed."""
    assert portal.service(service_id).open_items


def test_every_deadline_cites_an_article(portal):
    for step in portal.steps.values():
        if step.deadline:
            assert step.deadline.sources, step.id
            assert all(c.article for c in step.deadline.sources), step.id


def test_deadlines_only_from_uu_21_2007_pasal_52_or_53(portal):
    """The only legal time limits found are UU 21/2007 Pasal 52 ayat (1) and Pasal 53: 7 days."""
    for step in portal.steps.values():
        if step.deadline:
            assert step.deadline.days == 7, step.id
            assert all(_is_uu21(c) and re.match(r"Pasal 5[23]\b", _article(c)) for c in step.deadline.sources), step.id


def test_mandatory_steps_are_verified(portal):
    for step in portal.steps.values():
        if step.mandatory:
            assert step.provenance.status == "verified", step.id


def test_good_practice_is_never_verified(portal):
    for step in portal.steps.values():
        if step.provenance.good_practice:
            assert step.provenance.status != "verified", step.id
    for svc in portal.services:
        for fact in (svc.purpose, *svc.legal_basis, *svc.entry_criteria, *svc.outputs, *svc.adaptable):
            if fact.provenance.good_practice:
                assert fact.provenance.status != "verified"


def test_referrals_point_to_other_chapters(portal):
    for svc in portal.services:
        for ref in svc.referrals_out:
            assert ref.to_id in CHAPTERS and ref.to_id != svc.id


# -- pinned legal facts --------------------------------------------------------------------------


def test_pemulangan_has_7_day_deadline_from_pasal_52(portal):
    steps = portal.service("pemulangan").steps
    assert any(
        s.deadline
        and s.deadline.days == 7
        and any(_is_uu21(c) and _article(c).startswith("Pasal 52") for c in s.deadline.sources)
        for s in steps
    )


def test_pemulangan_cites_pasal_54_ayat_1(portal):
    steps = portal.service("pemulangan").steps
    assert any(any(_is_uu21(c) and _article(c) == "Pasal 54 ayat (1)" for c in s.provenance.sources) for s in steps)


def test_health_first_aid_deadline_from_pasal_53(portal):
    steps = portal.service("rehabilitasi-kesehatan").steps
    assert any(
        s.deadline
        and s.deadline.days == 7
        and any(_is_uu21(c) and _article(c) == "Pasal 53" for c in s.deadline.sources)
        for s in steps
    )


def test_lpsk_7_day_review_is_not_a_legal_deadline(portal):
    """Tempo reports a 7-day LPSK review; no article is known, so it must not be a deadline."""
    for step in portal.service("bantuan-hukum").steps:
        if step.deadline:
            assert all(_is_uu21(c) for c in step.deadline.sources), step.id


# -- contacts ------------------------------------------------------------------------------------


def test_hotlines_have_sources_and_no_invented_confirmation(portal):
    hotlines = [c for c in portal.contacts if c.hotline]
    assert hotlines
    for c in hotlines:
        assert c.provenance.sources, c.id
        assert c.phones, c.id
        # Nobody has confirmed any number with its service (fact sheet ERRATA 6): none may say so.
        assert c.confirmed is None, c.id


def test_numbers_record_where_they_work_from_hours_and_whom_they_serve(portal):
    by_number = {p.number: p for c in portal.contacts for p in c.phones}
    assert by_number["110"].dial_from == "indonesia" and by_number["110"].hours == "24h"
    assert by_number["129"].dial_from == "indonesia" and by_number["129"].serves == "women_and_children"
    assert by_number["148"].hours == "office_hours"  # not an emergency line
    assert by_number["0800-1000"].dial_from == "indonesia" and by_number["0800-1000"].dial == "08001000"
    assert by_number["+62 21 2924 4800"].dial_from == "abroad" and by_number["+62 21 2924 4800"].hours == "24h"


def test_kemensos_171_is_not_a_trafficking_hotline(portal):
    for c in portal.contacts:
        if any(p.dial == "171" for p in c.phones):
            assert c.hotline is False, c.id
            assert c.trafficking_specific is False, c.id
