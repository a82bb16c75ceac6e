"""Our CSS and JavaScript as served (sop_portal/site/minify.py): the same code without comments and indentation."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from conftest import PROJECT_DIR, browser_skip_reason
from sop_portal.site.minify import minify_own_assets, strip_css, strip_js

ASSETS = PROJECT_DIR / "docs" / "assets"
SCRIPTS = sorted(ASSETS.glob("*.js"))
STYLES = sorted(ASSETS.glob("*.css"))


def test_javascript_keeps_strings_regular_expressions_and_line_breaks():
    source = """(function () {
  /* a comment
     over lines */
  var a = "/* not a comment */", b = '// nor this', c = 6 / 2 / 3; // a comment
  var d = /[&<>"]/g, e = /^https?:\\/\\//, f = (c) / 2;
  function g(x) { return /\\{(\\w+)\\}/g.test(x); } /* trailing */
  if (!/^a$/.test(a)) g(a)
  var h = [1] / 2
})();
"""
    assert (
        strip_js(source)
        == """(function () {
var a = "/* not a comment */", b = '// nor this', c = 6 / 2 / 3;
var d = /[&<>"]/g, e = /^https?:\\/\\//, f = (c) / 2;
function g(x) { return /\\{(\\w+)\\}/g.test(x); }
if (!/^a$/.test(a)) g(a)
var h = [1] / 2
})();
"""
    )


def test_css_keeps_strings_and_selectors():
    source = """/* head */
.a  >  .b:not(.c) ,
.d::before {
  content: "{ a }  /* b */";  /* why */
  margin : 0  1em;
}
@media print { .e { display: none } }
"""
    assert strip_css(source) == (
        '.a > .b:not(.c) , .d::before{content: "{ a }  /* b */";margin : 0 1em;}\n@media print{.e{display: none}\n}\n'
    )


@pytest.mark.parametrize("path", SCRIPTS + STYLES, ids=lambda p: p.name)
def test_our_assets_shrink_and_stay_the_same_when_stripped_again(path):
    text = path.read_text(encoding="utf-8")
    small = strip_js(text) if path.suffix == ".js" else strip_css(text)
    assert len(small) < len(text) * 0.9
    assert (strip_js(small) if path.suffix == ".js" else strip_css(small)) == small


@pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")
@pytest.mark.parametrize("path", SCRIPTS, ids=lambda p: p.name)
def test_stripped_scripts_still_parse(path, tmp_path):
    out = tmp_path / path.name
    out.write_text(strip_js(path.read_text(encoding="utf-8")), encoding="utf-8")
    proc = subprocess.run(["node", "--check", str(out)], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr


def test_only_our_own_top_level_assets_are_stripped(tmp_path):
    assets = tmp_path / "assets"
    (assets / "vendor").mkdir(parents=True)
    (assets / "javascripts").mkdir()
    files = {
        "sop.css": "/* ours */\n.a { color: red; }\n",
        "sop.js": "/* ours */\nvar a = 1;\n",
        "vendor/shim.js": "/* theirs */\nvar b;\n",
        "javascripts/bundle.0123abcd.min.js": "/* theirs */var c;",
        "lib.min.js": "/* theirs */var d;",
        "favicon.png": "/* not text we own */",
    }
    for name, text in files.items():
        (assets / name).write_text(text, encoding="utf-8")
    assert minify_own_assets(tmp_path) > 0
    assert (assets / "sop.css").read_text(encoding="utf-8") == ".a{color: red;}\n"
    assert (assets / "sop.js").read_text(encoding="utf-8") == "var a = 1;\n"
    for name in ("vendor/shim.js", "javascripts/bundle.0123abcd.min.js", "lib.min.js", "favicon.png"):
        assert (assets / name).read_text(encoding="utf-8") == files[name], name
    assert minify_own_assets(tmp_path) == 0  # idempotent: the second pass of a build changes nothing


_skip = browser_skip_reason()


@pytest.mark.browser
@pytest.mark.skipif(_skip is not None, reason=_skip or "")
@pytest.mark.parametrize("path", STYLES, ids=lambda p: p.name)
def test_stripped_stylesheets_hold_the_same_rules(page, path):
    """The browser's own reading of each stylesheet (CSSOM), source and served, rule for rule."""
    rules = """css => { const s = new CSSStyleSheet(); s.replaceSync(css);
        return [...s.cssRules].map(r => r.cssText); }"""
    text = path.read_text(encoding="utf-8")
    source = page.evaluate(rules, text)
    assert source and page.evaluate(rules, strip_css(text)) == source
