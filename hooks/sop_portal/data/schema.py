"""Pass 1: check each file against its JSON Schema and turn schema errors into clear, located messages."""

from __future__ import annotations

import difflib
import json
import re
from functools import lru_cache
from pathlib import Path

from jsonschema import Draft202012Validator, FormatChecker
from jsonschema.exceptions import ValidationError
from referencing import Registry, Resource

from sop_portal.data.problems import Problem
from sop_portal.data.yamlload import Ambiguous, Loaded

# Which pattern means what, so a failed pattern gets a message an editor understands.
_PATTERN_CODES = {
    "^[a-z][a-z0-9_-]*$": "bad_id",
    "^[a-z][a-z0-9_-]*\\.[a-z0-9][a-z0-9_-]*$": "bad_step_id",
    "^[0-9]{4}-[0-9]{2}-[0-9]{2}$": "bad_date",
    "^https?://[^\\s]+$": "bad_url",
    "^\\+?[0-9][0-9 ()-]{1,24}$": "bad_phone",
    "^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$": "bad_email",
    "^[0-9]+\\.[0-9]+\\.[0-9]+$": "bad_version",
    "\\S": "empty_text",
    "^[a-z][a-z0-9-]{1,62}$": "bad_slug",
}
_TYPE_WORDS = {
    "string": "text",
    "integer": "integer",
    "boolean": "boolean",
    "array": "list",
    "object": "mapping",
    "number": "number",
    "null": "nothing",
}
_TYPE_HINTS = {
    "string": "hint_text",
    "array": "hint_list",
    "object": "hint_mapping",
    "integer": "hint_integer",
    "boolean": "hint_boolean",
}


class SchemaSet:
    """The JSON Schemas of one data folder (``<data>/schema/*.schema.json``), resolved together."""

    def __init__(self, schema_dir: Path):
        self.dir = Path(schema_dir)
        self.schemas = {p.name: json.loads(p.read_text(encoding="utf-8")) for p in sorted(self.dir.glob("*.json"))}
        registry = Registry().with_resources((name, Resource.from_contents(s)) for name, s in self.schemas.items())
        self._validators = {
            name: Draft202012Validator(s, registry=registry, format_checker=FormatChecker(formats=("date",)))
            for name, s in self.schemas.items()
        }

    def validator(self, name: str) -> Draft202012Validator:
        return self._validators[name]


@lru_cache(maxsize=8)
def schema_set(schema_dir: str, _stamp: float) -> SchemaSet:
    return SchemaSet(Path(schema_dir))


def load_schema_set(schema_dir: Path) -> SchemaSet:
    """Cached per folder and modification time: the MkDocs hook validates on every rebuild."""
    stamp = max((p.stat().st_mtime for p in Path(schema_dir).glob("*.json")), default=0.0)
    return schema_set(str(Path(schema_dir).resolve()), stamp)


def check(loaded: Loaded, schemas: SchemaSet, schema_name: str) -> list[Problem]:
    """Every schema violation of one parsed file, each located and explained.

    A value of the wrong type (a list where an id is expected, text where a list is) is reported here and
    then set aside in ``loaded.data`` (see :func:`set_aside`): the cross-reference pass reads the data as the
    schema describes it, so it must never meet such a value — one wrong type gives this one located error,
    not a crash or a second error further on."""
    validator = schemas.validator(schema_name)
    problems: list[Problem] = []
    wrong_type: list[tuple] = []
    seen: set[tuple] = set()
    for error in validator.iter_errors(loaded.data):
        for problem in _explain(error, loaded):
            # One problem, one message: a bad date fails both the pattern and the date format, and says so once.
            key = (problem.line, problem.col, problem.message("en"))
            if key not in seen:
                seen.add(key)
                problems.append(problem)
        if error.validator == "type":
            wrong_type.append(tuple(error.absolute_path))
    set_aside(loaded.data, wrong_type)
    return problems


class WrongType:
    """Stands in the data for a value the schema rejected for its type, after the error about it is reported.

    It is there (truthy, so 'is a phone number given?' still sees one), hashable, equal only to itself, and
    neither text, number, list nor mapping, so every later check passes it by as it passes a missing id."""

    __slots__ = ("value",)

    def __init__(self, value):
        self.value = value

    def __repr__(self) -> str:
        return f"WrongType({self.value!r})"


def set_aside(data, pointers) -> None:
    """Replace the value at each pointer by a :class:`WrongType` (in place; the file's root is left as it is)."""
    for ptr in pointers:
        if not ptr:
            continue
        parent = data
        try:
            for part in ptr[:-1]:
                parent = parent[part]
            if isinstance(parent, (dict, list)) and not isinstance(parent[ptr[-1]], WrongType):
                parent[ptr[-1]] = WrongType(parent[ptr[-1]])
        except (KeyError, IndexError, TypeError):
            continue


def _explain(error: ValidationError, loaded: Loaded) -> list[Problem]:
    ptr = tuple(error.absolute_path)
    path = loaded.path
    inst = error.instance
    kw = error.validator
    schema = error.schema if isinstance(error.schema, dict) else {}

    def at(pointer, code, on_key=False, **params):
        line, col = loaded.where(pointer, key=on_key)
        return Problem.at(path, line, col, code, **params)

    if isinstance(inst, Ambiguous) and kw in ("type", "enum", "const"):
        expected = schema.get("type") if kw == "type" else "string"
        if expected == "boolean" and inst.kind == "boolean":
            return [at(ptr, "use_true_false", value=inst.text)]
        if expected == "string" and inst.kind != "boolean" and _not_an_id(schema, inst.text):
            return [at(ptr, "wrong_type", expected="an_id", found=inst.kind, hint="hint_id")]
        if expected == "string" or (kw == "enum" and inst.text in (schema.get("enum") or [])):
            return [at(ptr, "quote_value", value=inst.text, kind=inst.kind)]
        return [
            at(
                ptr,
                "wrong_type",
                expected=_expected_word(expected, schema),
                found="text",
                hint=_type_hint(expected, schema, inst),
            )
        ]

    if kw == "additionalProperties" and isinstance(inst, dict):
        allowed = list(schema.get("properties", {}))
        out = []
        for key in inst:
            if key not in allowed:
                match = difflib.get_close_matches(str(key), allowed, n=1, cutoff=0.6)
                out.append(
                    at(
                        ptr + (key,),
                        "unknown_field",
                        on_key=True,
                        key=key,
                        suggestion=match[0] if match else "",
                        allowed=", ".join(allowed),
                    )
                )
        return out
    if kw == "required" and isinstance(inst, dict):
        out = []
        props = schema.get("properties", {})
        bilingual = set(props) == {"id", "en"}
        for key in error.validator_value:
            if key in inst:
                continue
            if bilingual:
                out.append(at(ptr, "missing_translation", key=key, language=key))
            else:
                desc = props.get(key, {}).get("title", key)
                out.append(at(ptr, "missing_field", key=key, description=desc))
        return out
    if kw == "type":
        expected = schema.get("type")
        expected = expected[0] if isinstance(expected, list) else expected
        if expected == "string" and isinstance(inst, bool):
            return [at(ptr, "quote_value", value="true" if inst else "false", kind="boolean")]
        if expected == "string" and isinstance(inst, (int, float)):
            if _not_an_id(schema, str(inst)):  # quoting would not help: '5' is no id either
                return [at(ptr, "wrong_type", expected="an_id", found="number", hint="hint_id")]
            return [at(ptr, "quote_value", value=str(inst), kind="number")]
        return [
            at(
                ptr,
                "wrong_type",
                expected=_expected_word(expected, schema),
                found=_found(inst),
                hint=_type_hint(expected, schema, inst),
            )
        ]
    if kw == "enum":
        allowed = [str(v) for v in error.validator_value]
        match = difflib.get_close_matches(str(inst), allowed, n=1, cutoff=0.5)
        return [at(ptr, "not_in_enum", value=inst, suggestion=match[0] if match else "", allowed=", ".join(allowed))]
    if kw == "pattern":
        code = _PATTERN_CODES.get(error.validator_value, "schema_other")
        return [at(ptr, code, value=inst, detail=error.message)]
    if kw == "format":
        return [at(ptr, "bad_date", value=inst)]
    if kw == "minLength":
        return [at(ptr, "empty_text")]
    if kw == "minItems":
        if isinstance(inst, list) and inst:
            return [at(ptr, "too_few_items", count=len(inst), min=error.validator_value)]
        return [at(ptr, "empty_list", min=error.validator_value)]
    if kw in ("minimum", "maximum"):
        lo, hi = schema.get("minimum", "…"), schema.get("maximum", "…")
        return [at(ptr, "out_of_range", value=inst, range=f"{lo}–{hi}")]
    if kw == "maxLength":
        return [at(ptr, "schema_other", detail=f"'{inst}' > {error.validator_value}")]
    return [at(ptr, "schema_other", detail=error.message)]


def _expected_word(expected, schema: dict) -> str:
    """What the editor should have written, in words: an id and a text in both languages are named as such."""
    if expected == "object" and set(schema.get("properties", {})) == {"id", "en"}:
        return "bilingual_text"
    if expected == "string" and _PATTERN_CODES.get(schema.get("pattern")) in ("bad_id", "bad_step_id", "bad_slug"):
        return "an_id"
    return _TYPE_WORDS.get(expected, "value")


def _not_an_id(schema: dict, text: str) -> bool:
    """An id is expected here and ``text`` (a number as written) would not be one even in quotes."""
    pattern = schema.get("pattern")
    return _PATTERN_CODES.get(pattern) == "bad_id" and not re.search(pattern, text)


def _type_hint(expected, schema: dict, inst) -> str:
    """How to fix a value of the wrong type: from what is expected and, for one value, from what was written."""
    if expected == "object" and set(schema.get("properties", {})) == {"id", "en"}:
        return "hint_bilingual"
    if expected == "string" and isinstance(inst, list):
        return "hint_not_list"
    if expected == "string" and isinstance(inst, dict):
        return "hint_not_mapping"
    return _TYPE_HINTS.get(expected, "hint_generic")


def _found(inst) -> str:
    if inst is None:
        return "nothing"
    if isinstance(inst, bool):
        return "boolean"
    if isinstance(inst, int):
        return "number"
    if isinstance(inst, str):
        return "text"
    if isinstance(inst, list):
        return "list"
    if isinstance(inst, dict):
        return "mapping"
    return "value"
