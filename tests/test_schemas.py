"""The JSON Schemas are the one definition of the format: valid, documented, closed, with valid examples."""

import json

import pytest
from jsonschema import Draft202012Validator

from datasets import SCHEMA_DIR

SCHEMAS = sorted(SCHEMA_DIR.glob("*.schema.json"))
DATA_FILES = sorted(p for p in (SCHEMA_DIR.parent).rglob("*.yaml") if "schema" not in p.parts)


def walk(node, path=()):
    """Every object in a schema, except conditions ('if' only tests values; it defines no fields)."""
    if isinstance(node, dict):
        yield path, node
        for k, v in node.items():
            if k != "if":
                yield from walk(v, path + (k,))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from walk(v, path + (i,))


@pytest.mark.parametrize("path", SCHEMAS, ids=lambda p: p.name)
def test_schema_is_valid_against_the_metaschema(path):
    Draft202012Validator.check_schema(json.loads(path.read_text(encoding="utf-8")))


@pytest.mark.parametrize("path", SCHEMAS, ids=lambda p: p.name)
def test_every_field_has_title_and_description(path):
    schema = json.loads(path.read_text(encoding="utf-8"))
    missing = [
        "/".join(map(str, where + ("properties", name)))
        for where, node in walk(schema)
        if isinstance(node.get("properties"), dict) and where[-1:] != ("properties",)
        for name, prop in node["properties"].items()
        if not (isinstance(prop, dict) and prop.get("title") and prop.get("description"))
    ]
    assert not missing


@pytest.mark.parametrize("path", SCHEMAS, ids=lambda p: p.name)
def test_unknown_fields_are_rejected_everywhere(path):
    schema = json.loads(path.read_text(encoding="utf-8"))
    open_objects = [
        "/".join(map(str, where))
        for where, node in walk(schema)
        if isinstance(node.get("properties"), dict)
        and where[-1:] != ("properties",)
        and node.get("additionalProperties") is not False
    ]
    assert not open_objects


def test_examples_in_the_schemas_are_valid():
    common = json.loads((SCHEMA_DIR / "common.schema.json").read_text(encoding="utf-8"))
    checked = 0
    for name, definition in common["$defs"].items():
        for example in definition.get("examples", []):
            errors = list(Draft202012Validator({**common, "$ref": f"#/$defs/{name}"}).iter_errors(example))
            assert not errors, (name, example)
            checked += 1
    assert checked >= 5


@pytest.mark.parametrize("path", DATA_FILES, ids=lambda p: str(p.relative_to(SCHEMA_DIR.parent)))
def test_every_data_file_starts_with_a_modeline_naming_an_existing_schema(path):
    first = path.read_text(encoding="utf-8").lstrip("\ufeff").splitlines()[0]
    assert first.startswith("# yaml-language-server: $schema=")
    target = (path.parent / first.split("$schema=", 1)[1].strip()).resolve()
    assert target.is_file() and target.parent == SCHEMA_DIR.resolve()
