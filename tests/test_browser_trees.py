"""Decision trees in headless Debian chromium: walk a tree to an outcome with JavaScript off and on, follow the
outcome's links, check axe-core, print to A4, and look at it at 360 px — with no request leaving 127.0.0.1."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urldefrag

import pytest

from conftest import ARTIFACTS_DIR, PHONE_WIDTH, assert_axe_clean, browser_today, pdf_texts, url_of
from sop_portal import model as m
from sop_portal.site import pages

pytestmark = pytest.mark.browser


@dataclass(frozen=True)
class Walk:
    tree: m.DecisionTree
    outcome: m.Outcome
    path: list[tuple[m.Question, m.Answer]]

    @property
    def src(self) -> str:
        return pages.tree_page(self.tree.id)


@pytest.fixture(scope="module")
def walk(site_portal) -> Walk:
    """The longest path of a case tree to an immediate outcome that names steps and public contacts."""
    public = {c.id for c in site_portal.public_contacts}
    candidates = []
    for tree in site_portal.trees:
        for o in tree.outcomes:
            if tree.audience == "case" and o.urgency == "immediate" and o.steps and public & set(o.contacts):
                candidates += [Walk(tree, o, path) for path in tree.paths_to(o.id)]
    assert candidates, "no case tree leads to an immediate outcome with steps and contacts"
    return max(candidates, key=lambda w: len(w.path))


def visible_nodes(page) -> list[str]:
    return page.eval_on_selector_all(
        ".sop-tree > .sop-node", "els => els.filter(e => e.offsetParent !== null).map(e => e.id)"
    )


def test_walk_to_an_outcome_without_javascript(browser_context, site_server, walk):
    _context, page, log = browser_context(java_script_enabled=False)
    page.goto(url_of(site_server, walk.src))
    assert visible_nodes(page) == [walk.tree.start], "only the first question shows"
    for question, answer in walk.path:
        assert visible_nodes(page) == [question.id]
        page.locator(f"#{question.id} a.sop-answer").nth(question.answers.index(answer)).click()
        assert page.url.endswith(f"#{answer.next}")
        assert visible_nodes(page) == [answer.next], "one node at a time"
    outcome = page.locator(f"#{walk.outcome.id}")
    how = outcome.locator(".sop-node__how")
    assert how.is_visible()
    for question, _ in walk.path:
        assert how.locator(f'a[href="#{question.id}"]').count() >= 1, "the path taken links every question"
    page.go_back()
    assert visible_nodes(page) == [walk.path[-1][0].id], "Back returns to the last question"
    page.go_forward()
    assert visible_nodes(page) == [walk.outcome.id]
    outcome.locator(".sop-node__nav a", has_text="↺").click()
    assert visible_nodes(page) == [walk.tree.start], "start again"
    assert all(url.startswith(site_server) for url in log.urls), log.urls


def test_walk_with_javascript_shows_the_path_and_changes_an_answer(page, site_server, requests_log, walk):
    page.goto(url_of(site_server, walk.src))
    trail = page.locator("[data-sop-trail]")
    assert visible_nodes(page) == [walk.tree.start] and not trail.is_visible()
    for n, (question, answer) in enumerate(walk.path, start=1):
        page.locator(f"#{question.id} a.sop-answer").nth(question.answers.index(answer)).click()
        assert visible_nodes(page) == [answer.next]
        assert page.url.endswith(f"#{answer.next}")
        assert trail.locator("li").count() == n
    chosen = [item.inner_text() for item in trail.locator("li .sop-trail__a").all()]
    lang_labels = [a.label.id for _, a in walk.path]
    assert chosen == lang_labels, "the answers so far, in order"
    assert not page.locator(f"#{walk.outcome.id} .sop-node__how").is_visible(), "the trail replaces the static routes"

    # "Change answer" on the second answer goes back to that question, with one answer left on the trail.
    trail.locator("li").nth(1).locator("a.sop-trail__change").click()
    assert visible_nodes(page) == [walk.path[1][0].id]
    assert trail.locator("li").count() == 1
    assert page.url.endswith(f"#{walk.path[1][0].id}")
    page.go_back()
    assert visible_nodes(page) == [walk.outcome.id], "Back undoes the change"
    assert trail.locator("li").count() == len(walk.path)
    page.go_forward()
    assert visible_nodes(page) == [walk.path[1][0].id]
    # Reloading keeps the path (it lives in the history entry).
    page.reload()
    assert visible_nodes(page) == [walk.path[1][0].id] and trail.locator("li").count() == 1
    page.locator("[data-sop-restart]").click()
    assert visible_nodes(page) == [walk.tree.start] and not trail.is_visible()


def test_a_link_to_an_outcome_with_one_path_shows_that_path(page, site_server, requests_log, site_portal):
    tree = next(
        t
        for t in site_portal.trees
        if any(len(t.paths_to(o.id)) == 1 and len(t.paths_to(o.id)[0]) > 1 for o in t.outcomes)
    )
    outcome = next(o for o in tree.outcomes if len(tree.paths_to(o.id)) == 1 and len(tree.paths_to(o.id)[0]) > 1)
    page.goto(url_of(site_server, pages.tree_page(tree.id), anchor=outcome.id))
    assert visible_nodes(page) == [outcome.id]
    assert page.locator("[data-sop-trail] li").count() == len(tree.paths_to(outcome.id)[0])


def test_outcome_step_and_contact_links_resolve(page, site_server, requests_log, walk):
    page.goto(url_of(site_server, walk.src, anchor=walk.outcome.id))
    section = page.locator(f"#{walk.outcome.id}")
    steps = section.locator(".sop-outcome__steps a").evaluate_all("els => els.map(a => a.href)")
    contacts = section.locator(".sop-calls a[href*='#kontak-']").evaluate_all("els => els.map(a => a.href)")
    assert len(steps) == len(walk.outcome.steps)
    assert contacts and all("#kontak-" in href for href in contacts)
    assert section.locator("a[href^='tel:']").count() >= 1, "tap to call"
    for href in steps + contacts:
        target, anchor = urldefrag(href)
        assert page.request.get(target).status == 200, href
        page.goto(href)
        assert page.evaluate("id => document.getElementById(id) !== null", anchor), href


@pytest.mark.parametrize("lang", ["id", "en"])
@pytest.mark.parametrize("view", ["question", "outcome", "index"])
def test_no_axe_violations(page, site_server, requests_log, walk, lang, view):
    if view == "index":
        page.goto(url_of(site_server, pages.TREES_INDEX, lang))
    else:
        page.goto(url_of(site_server, walk.src, lang, walk.outcome.id if view == "outcome" else ""))
    assert_axe_clean(page)


@pytest.mark.parametrize("lang", ["id", "en"])
def test_trees_print_on_a_few_a4_pages(page, site_server, requests_log, site_portal, walk, lang):
    ARTIFACTS_DIR.mkdir(exist_ok=True)
    counts = {}
    for tree in site_portal.trees:
        page.goto(url_of(site_server, pages.tree_page(tree.id), lang))
        page.emulate_media(media="print")
        assert set(visible_nodes(page)) == {n.id for n in (*tree.questions, *tree.outcomes)}, "every node on paper"
        first = page.eval_on_selector_all(
            ".sop-tree > .sop-node", "els => els.map(e => [e.id, e.getBoundingClientRect().top])"
        )
        assert min(first, key=lambda x: x[1])[0] == tree.start, "the first question prints first"
        assert not page.locator(".sop-exit").is_visible() and not page.locator(".md-header").is_visible()
        assert not page.locator(".sop-trail, .sop-node__nav").first.is_visible()
        text = page.locator("article").inner_text()
        assert site_portal.sop_version in text and tree.title.get(lang) in text
        assert page.inner_text("[data-sop-today]") == browser_today(page, lang), "the printed date"
        pdf = page.pdf(format="A4", print_background=True)
        counts[tree.id] = len(pdf_texts(pdf))
        if tree.id == walk.tree.id or tree.audience == "adaptation":
            (ARTIFACTS_DIR / f"tree-{tree.id}.{lang}.pdf").write_bytes(pdf)
        page.emulate_media(media="screen")
    assert all(1 <= n <= 8 for n in counts.values()), counts


def test_phone_screenshots_and_tap_targets(phone_page, site_server, screenshots_dir, walk):
    page = phone_page()
    question = walk.path[1][0] if len(walk.path) > 1 else walk.path[0][0]
    shots = {"question": question.id, "outcome": walk.outcome.id, "diagram": "diagram-pohon"}
    for name, anchor in shots.items():
        page.goto(url_of(site_server, walk.src, anchor=anchor))
        page.screenshot(path=str(screenshots_dir / f"tree-{name}-360.png"))  # the viewport: what a phone shows
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE_WIDTH, f"{name}: page is {width}px wide at {PHONE_WIDTH}px"
    page.goto(url_of(site_server, walk.src, anchor=question.id))
    heights = page.eval_on_selector_all(
        f"#{question.id} a.sop-answer", "els => els.map(e => e.getBoundingClientRect().height)"
    )
    assert heights and min(heights) >= 44, heights
    page.goto(url_of(site_server, pages.TREES_INDEX))
    page.screenshot(path=str(screenshots_dir / "trees-index-360.png"))
