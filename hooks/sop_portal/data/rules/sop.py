"""sop.yaml: a supported ``schema_version``, a changelog entry for the current ``sop_version``, a known issuer."""

from __future__ import annotations

from sop_portal.data.rules.context import Context

SUPPORTED_SCHEMA_VERSIONS = (1,)


def check(ctx: Context) -> None:
    sop = ctx.data.one("sop.schema.json")
    if not (sop and isinstance(sop.data, dict)):
        return
    sv = sop.data.get("schema_version")
    if isinstance(sv, int) and not isinstance(sv, bool) and sv not in SUPPORTED_SCHEMA_VERSIONS:
        ctx.report(
            sop,
            ("schema_version",),
            "schema_version_unsupported",
            value=sv,
            supported=", ".join(map(str, SUPPORTED_SCHEMA_VERSIONS)),
        )
    version = sop.data.get("sop_version")
    log = sop.data.get("changelog")
    if isinstance(version, str) and isinstance(log, list):
        if not any(isinstance(e, dict) and e.get("version") == version for e in log):
            ctx.report(sop, ("sop_version",), "changelog_missing_version", value=version)
    reg = sop.data.get("regulation")
    if isinstance(reg, dict) and "issuer" in reg:
        ctx.resolve("actor", reg["issuer"], sop, ("regulation", "issuer"), "actors.yaml")
