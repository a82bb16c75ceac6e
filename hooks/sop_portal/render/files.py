"""The one Jinja environment of the package's own templates (``hooks/sop_portal/templates/*.j2``): the HTML of the
PDFs (handouts, document), and plain text (the offline package's README, district YAML scaffolds, the service
worker). The site's page templates have theirs in :mod:`sop_portal.render.markers`."""

from __future__ import annotations

from typing import Callable, Literal

from jinja2 import Environment, PackageLoader, StrictUndefined


def environment(kind: Literal["html", "text"], **filters: Callable) -> Environment:
    """A fresh environment over the package templates: ``html`` escapes and trims block lines, ``text`` keeps every
    character as written (YAML, README, JavaScript). ``filters`` are added for this use only."""
    if kind == "html":
        env = Environment(
            loader=PackageLoader("sop_portal", "templates"),
            autoescape=True,
            undefined=StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
        )
    elif kind == "text":
        env = Environment(
            loader=PackageLoader("sop_portal", "templates"),
            autoescape=False,
            undefined=StrictUndefined,
            keep_trailing_newline=True,
        )
    else:
        raise ValueError(kind)
    env.filters.update(filters)
    return env
