"""Interface labels of the site (``messages/ui.<lang>.json``) and the site's own build errors, in both languages."""

from __future__ import annotations

from sop_portal.settings import pick_lang

LANGS = ("id", "en")


def ui_labels(lang: str) -> dict:
    """The site's labels in ``lang``: ``ui.<lang>.json`` and every ``ui-<area>.<lang>.json`` (messages/__init__.py)."""
    from sop_portal.messages import load

    return load("site", lang)


class SiteError(Exception):
    """Something about the pages or templates (not the data) stops the build.

    ``code`` names a message under ``errors`` in ui.<lang>.json; the text says what is wrong and how to fix it.
    """

    def __init__(self, code: str, **params):
        super().__init__(code)
        self.code = code
        self.params = params

    def message(self, lang: str) -> str:
        errors = ui_labels(lang if lang in LANGS else "id")["errors"]
        params = dict(self.params)
        if "suggestion" in params:  # "did you mean ...?" in the reader's language, or nothing
            suggestion = params.pop("suggestion")
            params["hint"] = errors["did_you_mean"].format(value=suggestion) if suggestion else ""
        if "entity" in params:
            params["entity"] = errors.get(f"entity_{params['entity']}", params["entity"])
        lines = params.pop("lines", None)
        text = errors[self.code].format(**params)
        return (
            "\n".join([text, *(line.message(lang) if isinstance(line, SiteError) else line for line in lines)])
            if lines
            else text
        )

    def __str__(self) -> str:
        return self.message(pick_lang())
