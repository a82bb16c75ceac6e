"""Record the step ids of the current sop_version as released, in tests/fixtures/published_step_ids.json.

Run it once when a new sop_version is released (after raising sop_version and adding its changelog entry):

    .venv/bin/python tests/record_step_ids.py

It adds the current version with every step's id and text (both languages) and never changes a version already
recorded: what was published stays published. tests/test_sop_export.py then holds every later version to it.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

TESTS = Path(__file__).resolve().parent
sys.path.insert(0, str(TESTS.parent / "hooks"))

from sop_portal.build.portal import load_portal  # noqa: E402
from sop_portal.outputs.sopdata import step_ids  # noqa: E402

FIXTURE = TESTS / "fixtures" / "published_step_ids.json"


def main(data_dir: Path = TESTS.parent / "sop_data") -> int:
    portal = load_portal(data_dir)
    record = json.loads(FIXTURE.read_text(encoding="utf-8")) if FIXTURE.exists() else {"releases": {}}
    if portal.sop_version in record["releases"]:
        print(f"{portal.sop_version} is already recorded: a released version is never rewritten.", file=sys.stderr)
        return 1
    record["releases"][portal.sop_version] = {"released_on": portal.released_on, "steps": step_ids(portal)}
    FIXTURE.write_text(json.dumps(record, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"Recorded {len(record['releases'][portal.sop_version]['steps'])} step ids of {portal.sop_version}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
