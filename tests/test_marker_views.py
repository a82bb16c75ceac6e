"""The marker view builders (views/markers.py): every template is given prepared views, never a module; counts choose
their singular or plural label in Python; which optional pages exist is decided in Python."""

from __future__ import annotations

import dataclasses
import datetime as _dt
import shutil
import types

import jinja2
import pytest

from datasets import DISTRICTS, copy_minimal
from sop_portal import model as m
from sop_portal.build.portal import load_with_districts
from sop_portal.render.markers import DATA_ERRORS, ENTITY_KINDS, Renderer, environment
from sop_portal.site import districts as districtsite
from sop_portal.site import pages
from sop_portal.views import content as views
from sop_portal.views import districts as district_views
from sop_portal.views import markers as marker_views
from sop_portal.views import trees as tree_views

TODAY = _dt.date(2026, 11, 23)


@pytest.fixture(scope="module")
def contoh(tmp_path_factory):
    """The minimal data with the fixture district, as the district's own build: (national portal, district site)."""
    root = copy_minimal(tmp_path_factory.mktemp("contoh") / "sop_data")
    shutil.copytree(DISTRICTS, root / "districts")
    national, districts = load_with_districts(root, today=TODAY)
    return national, districtsite.DistrictSite.create(national, districts, "contoh")


def _page(portal, kind, lang="en", entity=None, src="x.md", docs_dir=None, site=None):
    return marker_views.Page(portal, src, lang, TODAY, docs_dir, entity, site)


def _context(portal, kind, lang="en", entity=None, docs_dir=None, site=None):
    page = _page(portal, kind, lang, entity, docs_dir=docs_dir, site=site)
    return marker_views.context(kind, page, marker_views.shared(portal, lang, site))


def test_the_environment_exposes_no_module_and_nothing_but_link():
    env = environment(pages.__file__)  # any folder: globals do not depend on the templates
    modules = sorted(k for k, v in env.globals.items() if isinstance(v, types.ModuleType))
    assert not modules
    assert set(env.globals) - set(jinja2.Environment().globals) == {"link"}


def test_every_template_has_a_view_builder_and_every_builder_a_template(project_dir):
    templates = {
        p.name[: -len(".md.html")]
        for p in (project_dir / "overrides" / "sop").glob("*.md.html")
        if not p.name.startswith("_") and p.name != DATA_ERRORS
    }
    assert templates == set(marker_views.BUILDERS)
    assert set(ENTITY_KINDS) <= set(marker_views.BUILDERS)


def _entity(portal, kind, site=None):
    entity_kind = ENTITY_KINDS.get(kind)
    if entity_kind == "service":
        return portal.services[0]
    if entity_kind == "actor":
        return next(iter(portal.actors.values()))
    if entity_kind == "tree":
        return portal.trees[0]
    if entity_kind == "district":
        return site.entry
    return None


def test_no_builder_hands_a_template_a_module_or_a_function(contoh):
    _, site = contoh
    portal = site.portal
    for kind in marker_views.BUILDERS:
        context = _context(portal, kind, entity=_entity(portal, kind, site), site=site)
        given = {k: v for k, v in context.items() if isinstance(v, types.ModuleType) or callable(v)}
        assert not given, (kind, sorted(given))
        for name in ("today", "docs_dir", "pages", "views", "districtsite", "training", "tree_views"):
            assert name not in context, (kind, name)


def test_unknown_kinds_are_those_without_a_builder(site_portal, project_dir):
    renderer = Renderer(site_portal, project_dir / "overrides" / "sop", TODAY)
    assert renderer.kinds() == sorted(marker_views.BUILDERS)
    assert "data-errors" not in renderer.kinds()  # the page `mkdocs serve` shows for broken data is no marker


# -- counts -----------------------------------------------------------------------------------------------


def test_count_text_chooses_the_form_for_one_and_for_the_rest():
    forms = {"one": "{n} question", "other": "{n} questions"}
    assert views.count_text(1, forms) == "1 question"
    assert [views.count_text(n, forms) for n in (0, 2, 12)] == ["0 questions", "2 questions", "12 questions"]


def test_counts_on_the_indexes_and_the_trainer_kit_say_one_in_the_singular(contoh):
    national, _ = contoh  # the minimal data: one scenario, one proposed commitment
    kit = _context(national, "training-kit")["counts"]
    assert kit["scenarios"] == "1 scenario"
    assert kit["commitments"] == "1 proposed commitment"
    assert _context(national, "training-kit", lang="id")["counts"]["scenarios"] == "1 skenario"
    assert _context(national, "training-quiz")["quiz_count"].endswith(" questions")
    single = dataclasses.replace(national.services[0], steps=national.services[0].steps[:1])
    (entry,) = views.chapter_index(dataclasses.replace(national, services=(single,)), "en")
    assert (entry.steps, entry.checklist) == ("1 step", "1 checklist item")


def test_tree_counts_and_more_routes_are_words(site_portal):
    tree = max(site_portal.trees, key=lambda t: len(t.questions))
    context = _context(site_portal, "tree", entity=tree)
    tv = context["tv"]
    assert context["count_questions"] == f"{len(tv.questions)} questions"
    more = {n.id: n.more_routes for n in tv.nodes if n.more_routes}
    assert set(context["more_routes"]) == set(more)
    for node_id, label in context["more_routes"].items():
        assert str(more[node_id]) in label


def test_tree_index_names_each_tree_first_question(site_portal):
    labels = _page(site_portal, "trees").ui["trees"]
    for _, entries in tree_views.tree_index(site_portal, labels):
        for e in entries:
            assert e.first is e.tree.node(e.tree.start)
            assert e.questions == views.count_text(len(e.tree.questions), labels["count_questions"])


# -- citations and sources --------------------------------------------------------------------------------


def test_every_list_of_citations_of_the_portal_is_grouped_once(site_portal):
    index = views.citation_index(site_portal, "en")
    for svc in site_portal.services:
        for step in svc.steps:
            assert index[step.provenance.sources] == views.group_citations(step.provenance.sources, "en")
            if step.deadline:
                assert step.deadline.sources in index
    for tree in site_portal.trees:
        for outcome in tree.outcomes:
            assert outcome.provenance.sources in index
    assert index[()] == ()


def test_the_citation_index_reaches_every_district_portal(contoh):
    _, site = contoh
    index = views.citation_index((site.portal, site), "en")
    for entry in site.entries.values():
        for change in entry.district.changes:
            if change.provenance:
                assert change.provenance.sources in index


def test_a_revoked_rule_reads_as_history_in_each_language(site_portal):
    doc = next(d for d in site_portal.sources.values() if d.revoked_on)
    text = views.revocation(doc, "en")
    assert doc.revoked_by.document.cited_as("en") + " " + views.article_in(doc.revoked_by.article, "en") in text
    assert " revoked on " in text and " dicabut " in views.revocation(doc, "id")
    assert views.revocation(next(d for d in site_portal.sources.values() if not d.revoked_on), "en") == ""
    assert all(
        g.revoked == views.revocation(g.document, "en")
        for g in views.group_citations(tuple(m.Citation(d) for d in site_portal.sources.values()), "en")
    )


def test_the_source_list_calls_a_regulation_the_sop_does_not_rest_on_another_regulation(site_portal):
    labels = _page(site_portal, "changelog").ui
    sop_docs = {c.document.id for c in site_portal.regulation.provenance.sources}
    for entry in views.source_list(site_portal, "en"):
        other = entry.document.kind == "regulation" and entry.document.id not in sop_docs
        assert entry.kind == (
            labels["about"]["kind_regulation_other"] if other else labels["source_kinds"][entry.document.kind]
        )


def test_release_anchors_match_the_changelog_headings(site_portal):
    assert views.release_anchor("1.2.0") == "v1-2-0"
    assert [a for _, a in views.releases(site_portal.changelog)] == [
        "v" + r.version.replace(".", "-") for r in site_portal.changelog
    ]


# -- other builders ---------------------------------------------------------------------------------------


def test_paths_name_the_page_of_every_entity(site_portal):
    paths = marker_views.site_paths(site_portal)
    assert paths.service == {s.id: pages.service_page(s.id) for s in site_portal.services}
    assert set(paths.actor) == set(site_portal.actors)
    assert paths.tree == {t.id: pages.tree_page(t.id) for t in site_portal.trees}
    assert paths.district_profile == {}  # no district site in this portal


def test_actor_index_counts_leads_and_supports(site_portal):
    roles = site_portal.matrix()
    for _, entries in views.actor_index(site_portal):
        for e in entries:
            found = list(roles.get(e.actor.id, {}).values())
            assert (e.leads, e.supports) == (found.count("lead"), found.count("support"))
            assert e.has_role == bool(found)


def test_glossary_links_only_actors_the_build_has(site_portal):
    entries = [e for letter in views.glossary_letters(site_portal) for e in letter.entries]
    assert any(e.actor for e in entries)
    for e in entries:
        assert e.actor is (site_portal.actors.get(e.term.actor) if e.term.actor else None)


def test_service_builder_resolves_referrals_and_counts(site_portal):
    svc = next(s for s in site_portal.services if s.referrals_in and s.referrals_out)
    context = _context(site_portal, "service", entity=svc)
    assert [other.id for _, other in context["referrals_in"]] == [r.source_id for r in svc.referrals_in]
    assert [other.id for _, other in context["referrals_out"]] == [r.to_id for r in svc.referrals_out]
    assert all(n for _, n in context["status_counts"])
    assert sum(n for _, n in context["status_counts"]) == len(svc.steps)


def test_the_district_page_knows_whether_it_is_on_the_district_own_site(contoh):
    national, site = contoh
    entry = site.entry
    own = district_views.district_page(site, entry, TODAY)
    assert own.here and own.tree_page is None  # no docs folder: the adaptation tree's page does not exist
    assert own.changes == district_views.changes_by_service(entry.portal)
    assert [c.contact for c in own.parts.contacts] == list(entry.local_contacts)
    national_site = districtsite.DistrictSite(national, site.entries)
    assert not district_views.district_page(national_site, entry, TODAY).here


def test_the_district_pages_find_the_adaptation_tree_page_on_disk(contoh, tmp_path):
    national, site = contoh
    with_docs = dataclasses.replace(site, docs_dir=tmp_path)
    assert _context(with_docs.portal, "districts", site=with_docs)["tree_page"] is None
    (tmp_path / districtsite.ADAPTATION_TREE).parent.mkdir(parents=True)
    (tmp_path / districtsite.ADAPTATION_TREE).write_text("x", encoding="utf-8")
    assert _context(with_docs.portal, "districts", site=with_docs)["tree_page"] == districtsite.ADAPTATION_TREE
    assert (
        _context(with_docs.portal, "district", entity=site.entry, site=with_docs)["profile"].tree_page
        == districtsite.ADAPTATION_TREE
    )
