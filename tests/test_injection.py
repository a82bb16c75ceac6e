"""Hostile text in every string field reaches the page as text: nothing executes, nothing becomes markup.

The real sop_data is copied and every free-text field (every bilingual text, notes, citations, names of
verifiers and publishers, abbreviations) gets a payload of HTML, JavaScript, Markdown links and template
syntax; source and contact web addresses get a quote-breaking URL that still passes the schema. The site is
built from it, every HTML file is parsed, and key pages are opened in chromium.
"""

from __future__ import annotations

import json
from html.parser import HTMLParser

import pytest

from conftest import copy_project, run_mkdocs_build, serve_directory
from sop_portal.data.validate import validate
from sop_portal.data.yamlload import load_file

pytestmark = pytest.mark.site  # every test here reads the whole site built from the poisoned data

PAYLOAD = (
    '</title></textarea><script>window.__pwned=1</script> <img src=x onerror="window.__pwned=2"> '
    "[klik](javascript:window.__pwned=3) {{ 7*7 }} {% if true %}T{% endif %} <!-- c --> *b* `c` | d | & ]]>"
)
SHORT = '<i>x</i>"'
HOSTILE_URL = 'https://example.org/"><script>window.__pwned=9</script>'
FREE_TEXT_KEYS = {"verified_by", "publisher", "article", "page"}


def poison(node, key=None):
    if isinstance(node, dict):
        if set(node) == {"id", "en"} and all(isinstance(v, str) for v in node.values()):
            return {"id": f"{node['id']} {PAYLOAD}", "en": f"{node['en']} {PAYLOAD}"}
        return {k: poison(v, k) for k, v in node.items()}
    if isinstance(node, list):
        return [poison(v, key) for v in node]
    if isinstance(node, str):
        if key in FREE_TEXT_KEYS:
            return f"{node} {PAYLOAD}"
        if key == "abbr":
            return f"{node}{SHORT}"
        if key in ("url", "website"):
            return HOSTILE_URL
    return node


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    root = tmp_path_factory.mktemp("hostile")
    config = copy_project(root)
    data = root / "sop_data"
    for path in sorted(data.rglob("*.yaml")):
        loaded = load_file(path)
        # JSON is YAML: every string is quoted, so nothing is re-typed on the way back.
        path.write_text(json.dumps(poison(loaded.data), ensure_ascii=False, indent=1), encoding="utf-8")
    report = validate(data)
    assert report.ok, [p.format("en") for p in report.errors][:5]
    result = run_mkdocs_build(root / "site", config, env={"SOP_DATA_DIR": str(data)})
    assert result.returncode == 0, result.output[-3000:]
    return root / "site"


class _Audit(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.findings: list[str] = []
        self._in_script = False
        self._in_title = False

    def handle_starttag(self, tag, attrs):
        if self._in_title:  # <title> holds text only (RCDATA): a '<' inside it is not a tag for a browser
            return
        self._in_title = tag == "title"
        self._in_script = tag == "script"
        for name, value in attrs:
            value = value or ""
            if name.startswith("on") and "__pwned" in value:
                self.findings.append(f"<{tag} {name}={value!r}>")
            if name in ("href", "src", "action", "formaction") and value.strip().lower().startswith(
                ("javascript:", "data:", "vbscript:")
            ):
                self.findings.append(f"<{tag} {name}={value!r}>")
        if tag == "img" and any(n == "src" and v == "x" for n, v in attrs):
            self.findings.append("<img src=x> from data")

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = False
        if tag == "title":
            self._in_title = False

    def handle_data(self, data):
        if self._in_script and "__pwned" in data:
            self.findings.append(f"script body: {data[:80]!r}")


def test_no_page_contains_markup_from_the_data(hostile_site):
    findings = []
    pages = sorted(hostile_site.rglob("*.html"))
    assert len(pages) > 50
    for html in pages:
        audit = _Audit()
        audit.feed(html.read_text(encoding="utf-8"))
        findings += [f"{html.relative_to(hostile_site)}: {f}" for f in audit.findings]
    assert not findings, "\n".join(findings[:20])


def test_search_index_and_exports_hold_text_not_markup(hostile_site):
    for index in hostile_site.rglob("search_index.json"):
        text = index.read_text(encoding="utf-8")
        assert "<script>window.__pwned" not in text


@pytest.mark.browser
@pytest.mark.parametrize(
    "path",
    [
        "",
        "layanan/pemulangan/",
        "daftar-periksa/pemulangan/",
        "kontak/",
        "glosarium/",
        "tentang/",
        "aktor/",
        "en/layanan/pemulangan/",
        "en/kontak/",
        "pohon/kontak-pertama/",
        "en/pohon/korban-anak/",
        "pelatihan/skenario-fasilitator/",
        "daerah/",
    ],
)
def test_nothing_executes_and_the_text_shows_literally(hostile_site, browser, path):
    with serve_directory(hostile_site) as host:
        page = browser.new_page()
        dialogs = []
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        page.goto(host.base + path)
        page.wait_for_load_state("load")
        assert page.evaluate("typeof window.__pwned") == "undefined"
        assert not dialogs
        body = page.inner_text("body")
        assert "</title></textarea><script>window.__pwned=1</script>" in body
        assert "{{ 7*7 }}" in body and "[klik](javascript:window.__pwned=3)" in body
        for link in page.eval_on_selector_all("a[href]", "els => els.map(e => e.getAttribute('href'))"):
            assert not link.strip().lower().startswith(("javascript:", "data:")), link
        page.close()
