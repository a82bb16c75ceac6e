"""What a person in danger sees first: the home page's first screen on a 360×640 phone, in both languages."""

from __future__ import annotations

import pytest

from conftest import url_of
from sop_portal.site import pages

pytestmark = pytest.mark.browser

SMALL_PHONE_HEIGHT = 640  # a 360 x 640 screen

FIRST_SCREEN_LINKS = """() => [...document.querySelectorAll('.md-content a[href]')]
  .filter(a => { const r = a.getBoundingClientRect();
                 return r.width > 0 && r.height > 0 && r.top >= 0 && r.bottom <= innerHeight; })
  .map(a => a.getAttribute('href'))"""


@pytest.mark.parametrize("lang", ["id", "en"])
def test_first_screen_holds_110_first_and_the_route_from_abroad(phone_page, site_server, screenshots_dir, lang):
    page = phone_page(height=SMALL_PHONE_HEIGHT, scale=1, mobile=False)
    page.goto(url_of(site_server, pages.HOME, lang))
    calls = [h for h in page.evaluate(FIRST_SCREEN_LINKS) if h.startswith("tel:")]
    page.screenshot(path=str(screenshots_dir / f"home-first-screen-{lang}.png"))
    assert calls, "no call link on the first screen"
    assert calls[0] == "tel:110", calls
    assert "tel:+622129244800" in calls, "the route from abroad is not on the first screen"
    # "What is happening?" and the checklists follow the danger block, in that order.
    order = page.evaluate("""() => ['.sop-danger', '.sop-home__trees', '.sop-home__checklists']
        .map(s => document.querySelector(s).getBoundingClientRect().top)""")
    assert order == sorted(order)


@pytest.mark.parametrize("lang", ["id", "en"])
def test_quick_exit_never_covers_text(phone_page, site_server, lang):
    page = phone_page(height=SMALL_PHONE_HEIGHT, scale=1, mobile=False)
    page.goto(url_of(site_server, pages.service_page("pemulangan"), lang))
    for y in (0, 600, 1800):
        page.evaluate(f"window.scrollTo(0, {y})")
        # The button sits in the header's own row (which the header keeps free), so text can only be under it
        # where the header itself already is: never over the page's visible text.
        inside, covered = page.evaluate("""() => {
          const b = document.querySelector('[data-sop-exit]').getBoundingClientRect();
          const h = document.querySelector('.md-header').getBoundingClientRect();
          const inside = b.top >= h.top - 1 && b.bottom <= h.bottom + 1;
          const covered = [...document.querySelectorAll('.md-content p, .md-content li, .md-content h1, .md-content h2')]
            .filter(e => { const r = e.getBoundingClientRect();
                           // the part of the text the button covers, outside the header's own band
                           return Math.min(r.bottom, b.bottom) > Math.max(r.top, b.top, h.bottom)
                                  && r.right > b.left && r.left < b.right; })
            .length;
          return [inside, covered]; }""")
        assert inside, f"the quick exit left the header's row at scroll {y}"
        assert covered == 0, f"the quick exit covers {covered} text blocks at scroll {y}"
        # and the header's own controls are not under it either
        assert page.evaluate("""() => {
          const b = document.querySelector('[data-sop-exit]').getBoundingClientRect();
          return [...document.querySelectorAll('.md-header__button, .md-header__option')].every(e => {
            const r = e.getBoundingClientRect(); return r.width === 0 || r.right <= b.left + 1; }); }""")
