"""The district side of the site: a district's own build (``SOP_DISTRICT=<slug>``) and the national list of districts.

Pages (generated stubs under ``docs/daerah/``, gitignored):

    daerah/index.md              every district profile under sop_data/districts/   <!-- sop:districts -->
    daerah/profil/<slug>.md      one district: changes, local contacts, how to build  <!-- sop:district SLUG -->
    daerah/perubahan.md          district builds only: every change from the national SOP  <!-- sop:district-changes -->

District pages stay out of the nav (mkdocs.yml ``not_in_nav``): build time grows with the nav, and a national build
may list hundreds of districts. Everything here is plain Python over the model; no MkDocs imports. What the district
templates and the banner show is prepared in views/districts.py.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sop_portal import model as m
from sop_portal.build.districts import District, version_tuple
from sop_portal.messages.ui import SiteError
from sop_portal.site import pages

FOLDER = "daerah"
DISTRICTS_INDEX = "daerah/index.md"
CHANGES = "daerah/perubahan.md"
GUIDE = "panduan/daerah.md"
GUIDE_BUILD_ANCHOR = "situs-daerah"
ADAPTATION_TREE = "pohon/adaptasi-daerah.md"  # the decision-tree pages are built elsewhere; linked when present

ACTIONS = ("modify", "not_applicable", "annotate", "add")
SEPARATOR = " — "


PROFILES = "daerah/profil/"
# Material's search plugin leaves pages with this front matter out of the index.
NOT_SEARCHED = "---\nsearch:\n  exclude: true\n---\n"


def profile_page(slug: str) -> str:
    return f"{PROFILES}{slug}.md"


class UnknownDistrictError(SiteError):
    """SOP_DISTRICT names no profile: the message is given in both languages, whoever reads the build log."""

    def __str__(self) -> str:
        return "\n".join(self.message(lang) for lang in pages.LANGS)


# -- the district models of one build ------------------------------------------------------------------


@dataclass(frozen=True)
class DistrictEntry:
    """One district as the national listing shows it."""

    portal: m.Portal  # the district's resolved portal

    @property
    def district(self) -> District:
        return self.portal.district

    @property
    def slug(self) -> str:
        return self.district.slug

    @property
    def local_contacts(self) -> tuple[m.Contact, ...]:
        """The district's own contacts that may be published (restricted ones never reach a page)."""
        local = set(self.district.local_contact_ids)
        return tuple(c for c in self.portal.public_contacts if c.id in local)

    @property
    def counts(self) -> dict[str, int]:
        counts = {action: 0 for action in ACTIONS}
        for change in self.district.changes:
            counts[change.action] += 1
        return counts

    @property
    def outdated(self) -> bool:
        return version_tuple(self.district.base_sop_version) < version_tuple(self.portal.sop_version)


@dataclass
class DistrictSite:
    """What the district templates need: every district, and which one (if any) this build is for."""

    national: m.Portal
    entries: dict[str, DistrictEntry]  # slug -> entry, in slug order
    current: str | None = None
    docs_dir: Path | None = None

    @classmethod
    def create(
        cls,
        national: m.Portal,
        districts: dict[str, m.Portal],
        current: str | None = None,
        docs_dir: str | Path | None = None,
        data_dir: str | Path | None = None,
    ) -> "DistrictSite":
        """Raises :class:`UnknownDistrictError` when ``current`` names no profile."""
        if current and current not in districts:
            known = ", ".join(sorted(districts))
            raise UnknownDistrictError(
                "unknown_district",
                slug=current,
                known=known or "—",
                path=str(Path(data_dir or "sop_data") / "districts"),
            )
        entries = {slug: DistrictEntry(districts[slug]) for slug in sorted(districts)}
        return cls(national, entries, current or None, Path(docs_dir) if docs_dir else None)

    @property
    def portal(self) -> m.Portal:
        """The portal this build renders: the current district's, or the national one."""
        return self.entries[self.current].portal if self.current else self.national

    @property
    def entry(self) -> DistrictEntry | None:
        return self.entries[self.current] if self.current else None

    @property
    def tree_page(self) -> str | None:
        """The adaptation decision tree's page, once the tree pages exist (another part of the site builds them)."""
        if self.docs_dir is not None and (self.docs_dir / ADAPTATION_TREE).is_file():
            return ADAPTATION_TREE
        return None


# -- pages --------------------------------------------------------------------------------------------------


def stub_pages(site: DistrictSite) -> dict[str, str]:
    """Every generated page under daerah/ (path without language suffix) and the marker it holds."""
    out = {DISTRICTS_INDEX: "<!-- sop:districts -->"}
    if site.current:
        out[CHANGES] = "<!-- sop:district-changes -->"
    for slug in site.entries:
        out[profile_page(slug)] = f"<!-- sop:district {slug} -->"
    return out


def district_stubs(site: DistrictSite) -> pages.Stubs:
    """The district pages for the one stub writer (site/pages.py); profiles stay out of search: hundreds of them
    would bloat the index every reader downloads."""
    texts = {}
    for path, marker in stub_pages(site).items():
        text = pages.stub_text(marker)
        texts[path] = NOT_SEARCHED + text if path.startswith(PROFILES) else text
    return pages.Stubs(texts, (FOLDER,))


def nav_rule(site: DistrictSite) -> pages.NavRule:
    """On a district build the nav entry of the district list becomes a section that opens with the changes page:
    ``- Daerah: daerah/index.md`` -> ``- Daerah: [daerah/perubahan.md, daerah/index.md]``."""

    def rule(target):
        if not site.current:
            return None
        if target == DISTRICTS_INDEX:
            return [CHANGES, DISTRICTS_INDEX]
        if isinstance(target, list) and DISTRICTS_INDEX in target and CHANGES not in target:
            return [CHANGES, *target]
        return None

    return rule


# -- site name ----------------------------------------------------------------------------------------------


def site_name(name: str, district: District | None, lang: str) -> str:
    """'Portal SOP TPPO' -> 'Portal SOP TPPO — Kabupaten Timor Tengah Utara' on a district build.

    Idempotent: hooks run once per language on the same config, so a name that already ends with the district
    is returned unchanged.
    """
    if district is None or not name:
        return name
    suffix = SEPARATOR + district.name.get(lang)
    return name if name.endswith(suffix) else name + suffix
