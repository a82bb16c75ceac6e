"""Every path of every built case tree, walked on the no-JavaScript pages as a reader would click them:
the emergency route comes first, and every number offered works from where the person is on that path."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from sop_portal.model import is_domestic_only

pytestmark = pytest.mark.site


class TreePage(HTMLParser):
    """Sections (nodes) of a tree page: their classes, answer links with contexts, and tel: links."""

    def __init__(self, html: str):
        super().__init__()
        self.audience, self.start = None, None
        self.nodes: dict[str, dict] = {}
        self._node = None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if a.get("data-sop-tree"):
            self.audience, self.start = a.get("data-sop-audience"), a.get("data-sop-start")
        if tag == "section" and "sop-node" in (a.get("class") or ""):
            classes = a["class"].split()
            self._node = self.nodes.setdefault(a["id"], {"classes": classes, "answers": [], "tel": [], "tel24": []})
        elif tag == "a" and self._node is not None:
            href = a.get("href") or ""
            if "sop-answer" in (a.get("class") or ""):
                self._node["answers"].append((href.lstrip("#"), (a.get("data-sop-context") or "").split()))
            elif href.startswith("tel:"):
                self._node["tel"].append(href[4:])
                if "sop-call--24h" in (a.get("class") or ""):
                    self._node["tel24"].append(href[4:])

    def handle_endtag(self, tag):
        if tag == "section":
            self._node = None


def tree_pages(site_dir):
    for lang, base in (("id", site_dir / "pohon"), ("en", site_dir / "en" / "pohon")):
        for page in sorted(base.glob("*/index.html")):
            yield lang, page.parent.name, TreePage(page.read_text(encoding="utf-8"))


def paths(page: TreePage):
    """Every path from the start: a list of (node id, contexts so far)."""
    out = []

    def walk(node, trail, ctx):
        trail = trail + [(node, ctx)]
        answers = page.nodes[node]["answers"]
        if not answers:
            out.append(trail)
        for target, more in answers:
            walk(target, trail, ctx | set(more))

    walk(page.start, [], set())
    return out


def test_every_case_tree_path_offers_the_emergency_route_first(built_site):
    walked = 0
    for lang, tree, page in tree_pages(built_site.site_dir):
        if page.audience != "case":
            continue
        first = page.nodes[page.start]
        assert "sop-node--danger" in first["classes"], (lang, tree, "the first question is not the danger question")
        danger_targets = {t: set(ctx) for t, ctx in first["answers"]}
        assert any("in_indonesia" in c for c in danger_targets.values()), (lang, tree)
        assert any("abroad" in c for c in danger_targets.values()), (lang, tree)
        for path in paths(page):
            walked += 1
            end, ctx = path[-1]
            node = page.nodes[end]
            where = "abroad" if "abroad" in ctx else ("indonesia" if "in_indonesia" in ctx else None)
            if where == "abroad":
                domestic = [n for n in node["tel"] if is_domestic_only(n)]
                assert not domestic, (lang, tree, end, "a domestic-only number offered abroad", domestic)
            if "sop-node--immediate" in node["classes"]:
                assert where is not None, (lang, tree, end)
                assert node["tel24"], (lang, tree, end, "an immediate outcome without a 24-hour call")
    assert walked > 40  # every path of the seven case trees, both languages


def test_the_first_call_from_danger_in_indonesia_is_110(built_site):
    for lang, tree, page in tree_pages(built_site.site_dir):
        if page.audience != "case":
            continue
        [(target, _)] = [(t, c) for t, c in page.nodes[page.start]["answers"] if "in_indonesia" in c]
        assert page.nodes[target]["tel"][0] == "110", (lang, tree)
        [(abroad, _)] = [(t, c) for t, c in page.nodes[page.start]["answers"] if "abroad" in c]
        assert page.nodes[abroad]["tel"][0] == "+622129244800", (lang, tree)
        assert not re.search(r"^(110|129|148|0800)", " ".join(page.nodes[abroad]["tel"]))
