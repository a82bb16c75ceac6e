"""Decision-tree pages without a browser: the rendered page of the minimal fixture tree (anchors, answer links,
routes, outcome links, diagram), the layered layout, the adaptation tree's example answers file, and the links of
every tree page in the built site."""

from __future__ import annotations

import datetime as _dt
import itertools
import re
from dataclasses import replace
from html import unescape
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urldefrag

import markdown
import pytest
import yaml

from conftest import make_renderer
from datasets import MINIMAL
from sop_portal import model as m
from sop_portal.build.portal import load_portal
from sop_portal.messages.ui import SiteError, ui_labels
from sop_portal.outputs import scaffold
from sop_portal.render.markers import MarkerError
from sop_portal.site import pages
from sop_portal.views import treelayout
from sop_portal.views import trees as treeview

TODAY = _dt.date(2026, 11, 23)
TREE = "korban-di-luar-negeri"
LANGS = ("id", "en")


# -- rendering helpers -----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def minimal():
    return load_portal(MINIMAL, today=TODAY)


def render(portal: m.Portal, project_dir: Path, tree_id: str, lang: str) -> str:
    """The tree page as MkDocs would get it: the stub's marker rendered, then Markdown with the site's extensions."""
    from material.extensions.emoji import to_svg, twemoji

    renderer = make_renderer(portal, TODAY)
    src = pages.tree_page(tree_id)
    text = renderer.render_page(pages.stub_text(pages.stub_pages(portal)[src]), src, lang)
    md = markdown.Markdown(
        extensions=["abbr", "admonition", "attr_list", "def_list", "md_in_html", "tables", "toc", "pymdownx.emoji"],
        extension_configs={"pymdownx.emoji": {"emoji_index": twemoji, "emoji_generator": to_svg}},
    )
    return md.convert(text)


class Page(HTMLParser):
    """Ids, links and the node sections of a rendered page."""

    def __init__(self, html: str):
        super().__init__()
        self.ids: list[str] = []
        self.links: list[tuple[str, dict]] = []  # (href, attributes)
        self.sections: list[dict] = []  # {"id", "class", "answers": [(href, index)], "links": [href], "text"}
        self.svg_nodes: list[str] = []
        self.svg_edges = 0
        self.svg: dict | None = None
        self._stack: list[str] = []
        self._section: dict | None = None
        self._depth = 0
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if a.get("id"):
            self.ids.append(a["id"])
        if tag == "section" and "sop-node" in (a.get("class") or ""):
            self._section = {"id": a["id"], "class": a["class"], "answers": [], "links": [], "text": []}
            self.sections.append(self._section)
            self._depth = 0
        elif self._section is not None:
            self._depth += tag not in ("br", "img", "input", "path", "rect")
        if tag == "a" and a.get("href"):
            self.links.append((a["href"], a))
            if self._section is not None:
                self._section["links"].append(a["href"])
                if "data-sop-answer" in a:
                    self._section["answers"].append((a["href"], int(a["data-sop-answer"])))
        if tag == "svg" and "sop-diagram__svg" in (a.get("class") or ""):
            self.svg = a
        if tag == "g" and "sop-dg__node " in (a.get("class") or "") + " ":
            self.svg_nodes.append(a["class"])
        if tag == "path" and a.get("class") == "sop-dg__edge":
            self.svg_edges += 1

    def handle_endtag(self, tag):
        if self._section is not None:
            if tag == "section" and self._depth == 0:
                self._section = None
            elif tag not in ("br", "img", "input", "path", "rect"):
                self._depth -= 1

    def handle_data(self, data):
        if self._section is not None:
            self._section["text"].append(data)

    def section(self, node_id: str) -> dict:
        return next(s for s in self.sections if s["id"] == node_id)

    def text(self, node_id: str) -> str:
        return " ".join("".join(self.section(node_id)["text"]).split())


@pytest.fixture(scope="module", params=LANGS)
def rendered(request, minimal, project_dir):
    """(language, parsed page) of the minimal fixture tree, in each language."""
    lang = request.param
    return lang, Page(render(minimal, project_dir, TREE, lang))


# -- the page ----------------------------------------------------------------------------------------------


def test_every_node_has_its_own_anchor(rendered, minimal):
    lang, p = rendered
    tree = minimal.tree(TREE)
    node_ids = [n.id for n in (*tree.questions, *tree.outcomes)]
    assert sorted(s["id"] for s in p.sections) == sorted(node_ids)
    duplicates = [i for i in set(p.ids) if p.ids.count(i) > 1]
    assert not duplicates, duplicates


def test_answers_link_to_the_next_node(rendered, minimal):
    _, p = rendered
    for q in minimal.tree(TREE).questions:
        assert p.section(q.id)["answers"] == [(f"#{a.next}", i) for i, a in enumerate(q.answers)]


def test_start_node_comes_last_so_css_can_hide_it(rendered, minimal):
    _, p = rendered
    tree = minimal.tree(TREE)
    assert p.sections[-1]["id"] == tree.start
    assert "sop-node--start" in p.sections[-1]["class"]
    assert all("sop-node--start" not in s["class"] for s in p.sections[:-1])


def test_each_node_shows_how_you_got_here_and_the_way_back(rendered, minimal):
    _, p = rendered
    tree = minimal.tree(TREE)
    for node in (*tree.questions, *tree.outcomes):
        links = p.section(node.id)["links"]
        if node.id == tree.start:
            answers = [h for h, _ in p.section(node.id)["answers"]]
            assert [h for h in links if h.startswith("#")] == answers, "the start has no way back"
            continue
        for path in tree.paths_to(node.id):
            assert all(f"#{q.id}" in links for q, _ in path), (node.id, path)
        previous = {q.id for q in tree.questions if any(a.next == node.id for a in q.answers)}
        assert previous and all(f"#{q}" in links for q in previous)
        assert links[-1] == f"#{tree.start}"  # start again


def test_outcome_paths_in_the_page(rendered, minimal):
    lang, p = rendered
    tree = minimal.tree(TREE)
    [path] = tree.paths_to("o-darurat")
    text = p.text("o-darurat")
    route = " → ".join(
        f"{'P' if lang == 'id' else 'Q'}{i}: {q.question.get(lang)} “{a.label.get(lang)}”"
        for i, (q, a) in enumerate(path, start=1)
    )
    assert route in text


def test_outcome_shows_urgency_in_words_summary_and_provenance(rendered, minimal):
    lang, p = rendered
    labels = ui_labels(lang)
    for outcome in minimal.tree(TREE).outcomes:
        text = p.text(outcome.id)
        assert labels["trees"]["urgency"][outcome.urgency]["short"] in text
        assert outcome.summary.get(lang) in text
        assert labels["status"][outcome.provenance.status]["label"] in text
        assert f"sop-node--{outcome.urgency}" in p.section(outcome.id)["class"]


def test_outcome_links_to_steps_services_and_directory(rendered, minimal):
    _, p = rendered
    tree = minimal.tree(TREE)
    links = p.section("o-perwakilan")["links"]
    assert "../layanan/pemulangan.md#pemulangan-s1" in links
    assert "../layanan/pemulangan.md" in links
    assert "../aktor/perwakilan_ri.md" in links
    darurat = p.section("o-darurat")["links"]
    assert "../kontak.md#kontak-kp2mi-crisis-centre" in darurat
    assert "tel:+622129244800" in darurat, "an immediate outcome offers tap-to-call"
    assert "tel:08001000" not in darurat, "reached from abroad: a domestic-only number is never offered"
    home = p.section("o-darurat-indonesia")["links"]
    assert "tel:110" in home and "tel:+622129244800" not in home
    assert not any(
        h.startswith("tel:") for o in tree.outcomes if o.urgency != "immediate" for h in p.section(o.id)["links"]
    )


def test_restricted_contacts_never_reach_an_outcome(minimal, project_dir):
    restricted = replace(minimal, contacts=tuple(replace(c, visibility="restricted") for c in minimal.contacts))
    for lang in LANGS:
        html = render(restricted, project_dir, TREE, lang)
        assert "kontak-polri-110" not in html and "tel:110" not in html


def test_diagram_has_one_box_per_node_and_one_edge_per_branch(rendered, minimal):
    lang, p = rendered
    tree = minimal.tree(TREE)
    assert len(p.svg_nodes) == len(tree.questions) + len(tree.outcomes)
    assert p.svg_edges == len(treeview.branches(tree))
    assert p.svg["role"] == "img"
    assert tree.title.get(lang) in p.svg["aria-label"]
    assert "garis-besar" in p.ids, "a text outline follows the diagram"


# -- views and layout -------------------------------------------------------------------------------------


def _expand(route: treeview.Route) -> set[tuple[tuple[str, str], ...]]:
    return {
        tuple((s.question.id, a.label.id) for s, a in zip(route.steps, combo))
        for combo in itertools.product(*(s.answers for s in route.steps))
    }


@pytest.mark.parametrize("data", ["minimal", "site"])
def test_routes_are_exactly_the_paths_grouped(data, minimal, site_portal):
    portal = minimal if data == "minimal" else site_portal
    for tree in portal.trees:
        refs = {n.id: treeview.NodeRef(n.id, "", 0) for n in tree.ordered_nodes()}
        for node in tree.ordered_nodes():
            routes, total = treeview._routes(tree, treeview.branches(tree), refs, node.id, 10**6)
            expanded = set().union(*(_expand(r) for r in routes))
            paths = {tuple((q.id, a.label.id) for q, a in path) for path in tree.paths_to(node.id)}
            assert expanded == paths, (tree.id, node.id)
            assert total == len(routes) and sum(r.paths for r in routes) == len(paths)


def test_a_tree_of_many_paths_shows_few_routes(site_portal):
    tree = next(t for t in site_portal.trees if t.audience == "adaptation")
    view = treeview.tree_view(site_portal, tree, TODAY)
    outcome = view.outcomes[0]
    assert len(tree.paths_to(outcome.id)) > 100
    assert outcome.route_count == len(outcome.routes) == 1


def test_nodes_are_numbered_in_reading_order(minimal):
    view = treeview.tree_view(minimal, minimal.tree(TREE), TODAY)
    assert [(n.id, n.kind, n.number) for n in view.nodes] == [
        ("q-darurat", "question", 1),
        ("q-lokasi", "question", 2),
        ("q-bahaya", "question", 3),
        ("o-darurat-indonesia", "outcome", 1),
        ("o-darurat-luar-negeri", "outcome", 2),
        ("o-dalam-negeri", "outcome", 3),
        ("o-darurat", "outcome", 4),
        ("o-perwakilan", "outcome", 5),
    ]


@pytest.mark.parametrize("data", ["minimal", "site"])
@pytest.mark.parametrize("lang", LANGS)
def test_layout_boxes_never_overlap_and_stay_inside(data, lang, minimal, site_portal):
    portal = minimal if data == "minimal" else site_portal
    for tree in portal.trees:
        layout = treeview.tree_view(portal, tree, TODAY).diagram(ui_labels(lang)["trees"], lang)
        assert treelayout.overlaps(layout) == [], tree.id
        assert len(layout.boxes) == len(tree.questions) + len(tree.outcomes)
        for b in layout.boxes:
            assert 0 <= b.x and b.x + b.width <= layout.width and 0 <= b.y and b.y + b.height <= layout.height
        for e in layout.edges:
            src, dst = layout.box(e.source), layout.box(e.target)
            assert src.y + src.height <= e.label.y < dst.y, "edges run downwards, label below its question"
            assert e.points[0][1] == src.y + src.height and e.points[-1][1] == dst.y


def test_layout_ranks_by_longest_path():
    edges = [treelayout.EdgeSpec("a", "b", "1"), treelayout.EdgeSpec("a", "c", "2"), treelayout.EdgeSpec("b", "c", "3")]
    assert treelayout.depths("a", edges) == {"a": 0, "b": 1, "c": 2}
    nodes = [treelayout.NodeSpec(n, n.upper(), "text " * 20) for n in "abc"]
    layout = treelayout.layout("a", nodes, edges)
    a, b, c = (layout.box(n) for n in "abc")
    assert a.y < b.y < c.y
    assert treelayout.overlaps(layout) == []


def test_wrap_keeps_lines_short_and_marks_cut_text():
    assert treelayout.wrap("Apakah korban masih di luar negeri?", 12, 3) == ("Apakah", "korban masih", "di luar…")
    assert treelayout.wrap("pendek", 12, 3) == ("pendek",)
    assert all(len(line) <= 10 for line in treelayout.wrap("x" * 40, 10, 5))


# -- the adaptation tree, pages and errors ------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_adaptation_page_shows_settings_and_a_working_answers_file(lang, site_portal, project_dir):
    tree = next(t for t in site_portal.trees if t.audience == "adaptation")
    html = render(site_portal, project_dir, tree.id, lang)
    text = " ".join(unescape(re.sub(r"<[^>]+>", "", html)).split())
    for q in tree.questions:
        for a in q.answers:
            for s in a.settings:
                assert s.get(lang) in text
    assert "sop new-district" in html and "--answers" in html
    block = re.search(r'<pre class="sop-code" data-sop-answers-example><code>(.*?)</code></pre>', html, re.S)[1]
    answers = yaml.safe_load(unescape(block))
    assert list(answers) == [q.id for q in tree.ordered_nodes() if isinstance(q, m.Question)]
    path, outcome = scaffold.walk(tree, scaffold.answers_from_mapping(tree, answers))
    assert outcome.id in {o.id for o in tree.outcomes} and path


def test_tree_pages_are_generated_for_every_tree(site_portal):
    stubs = pages.stub_pages(site_portal)
    assert stubs[pages.TREES_INDEX] == "<!-- sop:trees -->"
    for tree in site_portal.trees:
        assert stubs[pages.tree_page(tree.id)] == f"<!-- sop:tree {tree.id} -->"
    assert "pohon" in pages.GENERATED_DIRS


@pytest.mark.parametrize("lang", LANGS)
def test_index_lists_every_tree_by_audience(lang, site_portal, project_dir):
    out = make_renderer(site_portal, TODAY).render_marker("trees", None, pages.TREES_INDEX, lang)
    for tree in site_portal.trees:
        assert f"]({tree.id}.md)" in out and tree.title.get(lang) in out
    labels = ui_labels(lang)["trees"]["audience"]
    assert out.index(labels["case"]) < out.index(labels["adaptation"])


def test_unknown_tree_is_a_clear_error(minimal, project_dir):
    renderer = make_renderer(minimal, TODAY)
    with pytest.raises(MarkerError) as caught:
        renderer.render_page("<!-- sop:tree korban-di-luar-neger -->\n", "pohon/x.md", "en")
    assert caught.value.message("en") == (
        "docs/pohon/x.md: marker 'sop:tree korban-di-luar-neger': there is no decision "
        "tree 'korban-di-luar-neger' in sop_data. Did you mean 'korban-di-luar-negeri'?"
    )
    with pytest.raises(MarkerError) as caught:
        renderer.render_page("<!-- sop:tree -->\n", "pohon/x.md", "en")
    assert "needs an id" in caught.value.message("en")


def test_a_node_id_taken_by_the_page_is_refused(minimal):
    tree = minimal.tree(TREE)
    clash = replace(
        tree,
        outcomes=tuple(replace(o, id="garis-besar") if o.id == "o-darurat" else o for o in tree.outcomes),
        questions=tuple(
            replace(q, answers=tuple(replace(a, next="garis-besar") if a.next == "o-darurat" else a for a in q.answers))
            for q in tree.questions
        ),
    )
    with pytest.raises(SiteError) as caught:
        treeview.tree_view(minimal, clash, TODAY)
    assert "garis-besar" in caught.value.message("en") and "rename the node" in caught.value.message("en")


# -- the built site -------------------------------------------------------------------------------------------


def _html_file(page_dir: Path, href: str) -> tuple[Path, str]:
    target, anchor = urldefrag(href)
    path = (page_dir / target).resolve() if target else page_dir / "index.html"
    if path.is_dir() or not path.suffix:
        path = path / "index.html"
    return path, anchor


@pytest.mark.site
def test_minimal_tree_step_and_contact_links_exist_in_the_built_site(built_site, minimal, project_dir):
    """The minimal tree's links, resolved the way MkDocs rewrites them, land on an element of the built site."""
    for lang in LANGS:
        p = Page(render(minimal, project_dir, TREE, lang))
        src_dir = built_site.site_dir / ("en/" if lang == "en" else "") / "pohon"  # links are relative to the source
        checked = 0
        for href, _ in p.links:
            if not re.match(r"\.\./(layanan|kontak|aktor)", href):
                continue
            target, anchor = urldefrag(href)
            built = (src_dir / target.replace(".md", "")).resolve() / "index.html"  # ../x.md -> ../x/index.html
            assert built.is_file(), href
            if anchor:
                assert f'id="{anchor}"' in built.read_text(encoding="utf-8"), href
            checked += 1
        assert checked >= 4


class _Links(HTMLParser):
    def __init__(self, html: str):
        super().__init__()
        self.hrefs, self.ids = [], set()
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if a.get("id"):
            self.ids.add(a["id"])
        if tag == "a" and a.get("href") and not re.match(r"[a-z]+:", a["href"]):
            self.hrefs.append(a["href"])


@pytest.mark.site
@pytest.mark.parametrize("lang", LANGS)
def test_every_link_of_every_tree_page_resolves(built_site, site_portal, lang):
    root = built_site.site_dir / ("en" if lang == "en" else "")
    for src in [pages.TREES_INDEX] + [pages.tree_page(t.id) for t in site_portal.trees]:
        page_dir = root / src[: -len(".md")].removesuffix("/index")
        html = (page_dir / "index.html").read_text(encoding="utf-8")
        links = _Links(html)
        for href in links.hrefs:
            path, anchor = _html_file(page_dir, href)
            assert path.is_file(), f"{src} ({lang}): {href}"
            if anchor:
                ids = links.ids if path == page_dir / "index.html" else _Links(path.read_text(encoding="utf-8")).ids
                assert anchor in ids, f"{src} ({lang}): {href}"
