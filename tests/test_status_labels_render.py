"""Issue 13, rendered without MkDocs: every checklist item shows its step's status as a compact badge; the
good-practice label appears whenever ANY source is a good-practice guide ('in part' when not all are); and the home
flow and the role matrix mark lead agencies that are inferred, in words and with a legend line, in both languages."""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import replace
from html import unescape
from pathlib import Path

import markdown
import pytest

from conftest import make_renderer
from datasets import MINIMAL
from sop_portal import model as m
from sop_portal.build.portal import load_portal
from sop_portal.messages.ui import ui_labels
from sop_portal.outputs import handouts
from sop_portal.site import pages
from sop_portal.views import content as views

TODAY = _dt.date(2026, 11, 23)
LANGS = ("id", "en")


def to_html(portal: m.Portal, project_dir: Path, kind: str, arg: str | None, src: str, lang: str) -> str:
    """One marker as MkDocs gets it, then Markdown with the site's extensions."""
    renderer = make_renderer(portal, TODAY)
    text = renderer.render_marker(kind, arg, src, lang)
    md = markdown.Markdown(extensions=["abbr", "admonition", "attr_list", "def_list", "md_in_html", "tables", "toc"])
    return md.convert(text)


def plain(html: str) -> str:
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html)))


def items(html: str, css_class: str) -> list[str]:
    """The HTML of each <li> with ``css_class`` (the items are not nested in each other)."""
    return re.findall(rf'<li class="[^"]*\b{css_class}\b[^"]*".*?</li>', html, re.S)


@pytest.fixture(scope="module")
def minimal():
    return load_portal(MINIMAL, today=TODAY)


def _doc(portal: m.Portal, kind: str) -> m.SourceDoc:
    return next(d for d in portal.sources.values() if d.kind == kind)


def with_step_sources(portal: m.Portal, kinds: dict[str, tuple[str, ...]]) -> m.Portal:
    """The minimal portal with the steps' sources replaced: {step id: (source kinds)}."""
    svc = portal.services[0]
    steps = tuple(
        replace(
            s, provenance=m.Provenance(tuple(m.Citation(_doc(portal, k)) for k in kinds[s.id]), s.provenance.status)
        )
        if s.id in kinds
        else s
        for s in svc.steps
    )
    return replace(portal, services=(replace(svc, steps=steps),))


def with_lead_status(portal: m.Portal, status: str) -> m.Portal:
    svc = portal.services[0]
    return replace(portal, services=(replace(svc, lead_provenance=replace(svc.lead_provenance, status=status)),))


# -- the model -----------------------------------------------------------------------------------------------


def test_any_good_practice_and_in_part(minimal):
    gp, law = m.Citation(_doc(minimal, "good_practice")), m.Citation(_doc(minimal, "law"))
    cases = {
        (): (False, False, False),
        (gp,): (True, True, False),
        (gp, gp): (True, True, False),
        (law, gp): (False, True, True),
        (gp, law): (False, True, True),
        (law,): (False, False, False),
    }
    for sources, (only, any_, part) in cases.items():
        p = m.Provenance(sources, "secondary")
        assert (p.good_practice, p.any_good_practice, p.partly_good_practice) == (only, any_, part), sources


# -- the checklist badge ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_every_checklist_item_shows_its_status_as_a_compact_badge(site_portal, project_dir, lang):
    u = ui_labels(lang)
    for svc in site_portal.services:
        html = to_html(site_portal, project_dir, "checklist", svc.id, pages.checklist_page(svc.id), lang)
        found = items(html, "sop-check")
        assert len(found) == len(svc.checklist), svc.id
        for step, li in zip(svc.checklist, found):
            status = step.provenance.status
            badge = re.search(
                r'<a class="sop-badge sop-badge--(\w+) sop-badge--compact" href="([^"]+)" title="([^"]*)">(.*?)</a>', li
            )
            assert badge, f"{svc.id} step {step.number}: no status badge"
            assert badge[1] == status
            assert badge[2].endswith(f"#{status}")  # links to the legend entry
            assert unescape(badge[3]).startswith(u["status"][status]["label"])  # the full word in its title
            shown = re.search(r'<span aria-hidden="true">(.*?)</span>', badge[4])[1]
            assert shown == u["status"][status]["short"]
            assert (
                f'<span class="sop-sr" data-search-exclude>{u["status_word"]}: {u["status"][status]["label"]}</span>'
                in badge[4]
            )


def test_status_short_words_are_in_the_full_label_for_screen_readers():
    """What the badge shows is part of what a screen reader says (WCAG 2.5.3, label in name)."""
    for lang in LANGS:
        for status, labels in ui_labels(lang)["status"].items():
            assert labels["short"].lower() in labels["label"].lower() or labels["short"] == labels["label"], (
                lang,
                status,
            )


def test_checklist_badge_prints():
    """No print rule hides the badge; the print block keeps it framed in black (backgrounds may not print)."""
    css = (Path(__file__).resolve().parents[1] / "docs" / "assets" / "sop.css").read_text(encoding="utf-8")
    blocks = re.findall(r"@media print\s*\{(.*?)\n\}", css, re.S)
    assert blocks
    for block in blocks:
        for selectors, body in re.findall(r"([^{}]+)\{([^{}]*)\}", block):
            if "display: none" in body or "display:none" in body:
                assert (
                    "sop-badge" not in selectors
                    and "sop-check__meta" not in selectors
                    and "sop-check__status" not in selectors
                ), selectors
    assert re.search(r"\.sop-badge--compact\s*\{[^}]*border:[^}]*#000", "\n".join(blocks))


# -- good practice when any source is --------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_good_practice_label_whenever_any_source_is(minimal, project_dir, lang):
    u = ui_labels(lang)["good_practice"]
    portal = with_step_sources(
        minimal, {"pemulangan.s1": ("law", "good_practice"), "pemulangan.s2": ("good_practice",)}
    )
    mixed, only = portal.services[0].steps
    assert mixed.provenance.partly_good_practice and only.provenance.good_practice

    chapter = to_html(portal, project_dir, "service", "pemulangan", pages.service_page("pemulangan"), lang)
    s1, s2 = items(chapter, "sop-step")
    assert u["partial_long"] in plain(s1) and u["long"] not in plain(s1)
    assert u["long"] in plain(s2) and u["partial_long"] not in plain(s2)
    assert "sop-badge--gp sop-badge--gp-partial" in s1

    checklist = to_html(portal, project_dir, "checklist", "pemulangan", pages.checklist_page("pemulangan"), lang)
    c1, c2 = items(checklist, "sop-check")
    assert u["partial_long"] in plain(c1) and u["long"] in plain(c2)

    actor = mixed.actors[0].id
    actor_page = plain(to_html(portal, project_dir, "actor", actor, pages.actor_page(actor), lang))
    assert u["partial_long"] in actor_page

    none = with_step_sources(minimal, {"pemulangan.s1": ("law",), "pemulangan.s2": ("law", "secondary")})
    for kind, src in (("service", pages.service_page("pemulangan")), ("checklist", pages.checklist_page("pemulangan"))):
        text = plain(to_html(none, project_dir, kind, "pemulangan", src, lang))
        assert u["long"] not in text and u["partial_long"] not in text


@pytest.mark.parametrize("lang", LANGS)
def test_tree_nodes_show_good_practice_when_any_source_is(minimal, project_dir, lang):
    u = ui_labels(lang)["good_practice"]
    tree = minimal.trees[0]
    mixed = m.Provenance(
        (m.Citation(_doc(minimal, "secondary")), m.Citation(_doc(minimal, "good_practice"))), "secondary"
    )
    first = tree.outcomes[0]
    outcomes = (replace(first, provenance=mixed), *tree.outcomes[1:])
    portal = replace(minimal, trees=(replace(tree, outcomes=outcomes),))
    html = to_html(portal, project_dir, "tree", tree.id, pages.tree_page(tree.id), lang)
    section = re.search(rf'<section [^>]*id="{first.id}".*?</section>', html, re.S)[0]
    assert u["partial_long"] in plain(section)


@pytest.mark.parametrize("lang", LANGS)
def test_national_pages_label_every_step_with_any_good_practice_source(site_portal, project_dir, lang):
    u = ui_labels(lang)["good_practice"]
    for svc in site_portal.services:
        chapter = items(
            to_html(site_portal, project_dir, "service", svc.id, pages.service_page(svc.id), lang), "sop-step"
        )
        for step, li in zip(svc.steps, chapter):
            text = plain(li)
            if step.provenance.partly_good_practice:
                assert u["partial_long"] in text, step.id
            elif step.provenance.good_practice:
                assert u["long"] in text, step.id
            else:
                assert u["long"] not in text and u["partial_long"] not in text, step.id


def test_handout_checklists_note_good_practice_in_part(minimal):
    portal = with_step_sources(
        minimal, {"pemulangan.s1": ("law", "good_practice"), "pemulangan.s2": ("good_practice",)}
    )
    for lang in LANGS:
        u = ui_labels(lang)["handouts"]
        html = handouts.render_html(portal, lang, TODAY)
        assert f"({u['good_practice_partial']})" in html and f"({u['good_practice']})" in html


# -- inferred leads --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize(
    "status, inferred", [("unverified", True), ("open", True), ("secondary", False), ("verified", False)]
)
def test_home_flow_marks_an_inferred_lead_in_words(minimal, project_dir, lang, status, inferred):
    u = ui_labels(lang)["flow"]
    portal = with_lead_status(minimal, status)
    html = to_html(portal, project_dir, "flow", None, pages.HOME, lang)
    meta = re.search(r'<p class="sop-flow__meta">.*?</p>', html, re.S)[0]
    mark = f"{u['lead']} ({u['lead_inferred']}):"
    assert (mark in plain(meta).replace(" :", ":")) is inferred
    assert (u["lead_inferred_legend"] in plain(html)) is inferred  # the legend line, only when a lead is inferred


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize(
    "status, inferred", [("unverified", True), ("open", True), ("secondary", False), ("verified", False)]
)
def test_matrix_marks_an_inferred_lead_with_a_symbol_and_words(minimal, project_dir, lang, status, inferred):
    u = ui_labels(lang)["matrix"]
    portal = with_lead_status(minimal, status)
    html = to_html(portal, project_dir, "matrix", None, pages.MATRIX, lang)
    lead_actor = portal.services[0].lead[0]
    row = re.search(
        rf'<tr>\s*<th scope="row"><a href="[^"]*">[^<]*(?:<abbr[^>]*>)?{re.escape(lead_actor.label(lang))}.*?</tr>',
        html,
        re.S,
    )[0]
    if inferred:
        assert (
            f'<span class="sop-role sop-role--lead sop-role--inferred" aria-hidden="true">{u["lead_inferred_symbol"]}</span>'
            in row
        )
        assert f'<span class="sop-sr">{u["lead_inferred"]}: ' in row
        assert f"{u['lead_inferred']}: {u['lead_inferred_legend']}" in plain(html).replace(" :", ":")
    else:
        assert "sop-role--inferred" not in html and u["lead_inferred_legend"] not in plain(html)
        assert f'<span class="sop-sr">{u["lead"]}: ' in row


@pytest.mark.parametrize("lang", LANGS)
def test_national_flow_and_matrix_mark_exactly_the_inferred_leads(site_portal, project_dir, lang):
    inferred = {s.id for s in site_portal.services if views.lead_inferred(s)}
    flow = to_html(site_portal, project_dir, "flow", None, pages.HOME, lang)
    word = ui_labels(lang)["flow"]["lead_inferred"]
    nodes = re.findall(r'<li class="sop-flow__node".*?</li>', flow, re.S)
    flow_services = [n.service for n in views.flow(site_portal).services]
    assert len(nodes) == len(flow_services)
    for svc, node in zip(flow_services, nodes):
        assert (f"({word})" in plain(node)) is (svc.id in inferred), svc.id

    matrix = to_html(site_portal, project_dir, "matrix", None, pages.MATRIX, lang)
    marked = len(re.findall(r'<td class="sop-cell sop-cell--lead sop-cell--inferred">', matrix))
    assert marked == sum(len(s.lead) for s in site_portal.services if s.id in inferred)


def test_handout_matrix_marks_inferred_leads(minimal):
    for lang in LANGS:
        u = ui_labels(lang)["matrix"]
        html = handouts.render_html(with_lead_status(minimal, "unverified"), lang, TODAY)
        assert f'<span class="role role--lead role--inferred">{u["lead_inferred_symbol"]}</span>' in html
        assert u["lead_inferred_legend"] in unescape(html)
        html = handouts.render_html(with_lead_status(minimal, "verified"), lang, TODAY)
        assert 'class="role role--lead role--inferred"' not in html and u["lead_inferred_legend"] not in unescape(html)
