"""Write expected.json from the validator's current output. Review every changed line before committing:
the expectations are the specification of the messages, not a snapshot to accept blindly.

    .venv/bin/python tests/corpus/regenerate.py
"""

import datetime
import json
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from datasets import CORPUS, corpus_cases, dataset_with_case  # noqa: E402
from sop_portal.data.validate import validate  # noqa: E402

TODAY = datetime.date(2026, 11, 23)


def expectations(case: Path) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        root, target = dataset_with_case(case, Path(tmp) / "data")
        report = validate(root, today=TODAY)
        out = {"file": target}
        for lang in ("id", "en"):
            out[lang] = [p.format(lang, cwd=root) for p in report.problems]
        return out


if __name__ == "__main__":
    result = {f"{c.parent.name}/{c.stem}": expectations(c) for c in corpus_cases()}
    (CORPUS / "expected.json").write_text(json.dumps(result, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"{len(result)} cases")
