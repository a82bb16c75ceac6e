"""The strict YAML loader: what it keeps, what it refuses, and where it says the problem is."""

from pathlib import Path

import pytest

from sop_portal.data.yamlload import Ambiguous, classify_plain, load_bytes, load_file


def load(text: str):
    return load_bytes(text.encode("utf-8"), "x.yaml")


@pytest.mark.parametrize(
    "plain, expected",
    [
        ("true", True),
        ("false", False),
        ("5", 5),
        ("-3", -3),
        ("", None),
        ("~", None),
        ("null", None),
        ("hello", "hello"),
        ("0811-1129-129", "0811-1129-129"),
        ("2026-11-23", "2026-11-23"),
        ("Pasal 54 ayat (1)", "Pasal 54 ayat (1)"),
        ("1.0.0", "1.0.0"),
    ],
)
def test_plain_scalars_keep_their_written_value(plain, expected):
    assert classify_plain(plain) == expected


@pytest.mark.parametrize(
    "plain, kind",
    [
        ("0812", "number"),
        ("08111129129", "number"),
        ("0711", "number"),
        ("+6281112912", "number"),
        ("1e3", "number"),
        ("1.5", "number"),
        ("0x1F", "number"),
        ("1_000", "number"),
        (".inf", "number"),
        ("yes", "boolean"),
        ("no", "boolean"),
        ("on", "boolean"),
        ("off", "boolean"),
        ("Y", "boolean"),
        ("08:30", "time"),
        ("8:30", "time"),
        ("1:20:30", "time"),
    ],
)
def test_ambiguous_scalars_are_flagged_not_converted(plain, kind):
    value = classify_plain(plain)
    assert isinstance(value, Ambiguous)
    assert (value.text, value.kind) == (plain, kind)


def test_quoted_values_are_text_exactly_as_written():
    loaded = load('a: "0812"\nb: \'no\'\nc: "08:30"\n')
    assert loaded.ok and loaded.data == {"a": "0812", "b": "no", "c": "08:30"}


def test_positions_point_at_values_and_keys():
    loaded = load("id: x\nsteps:\n  - text: hello\n    n: 2\n")
    assert loaded.positions[("steps", 0, "text")] == (3, 11)
    assert loaded.key_positions[("steps", 0, "n")] == (4, 5)
    assert loaded.where(("steps", 0, "missing")) == (3, 5)


def test_bom_and_crlf_read_like_plain_lf():
    plain = load("id: x\nlist:\n  - a\n")
    bom_crlf = load_bytes(b"\xef\xbb\xbfid: x\r\nlist:\r\n  - a\r\n", "x.yaml")
    assert bom_crlf.ok and bom_crlf.data == plain.data
    assert bom_crlf.positions == plain.positions


def test_duplicate_keys_are_all_reported():
    loaded = load("a: 1\nb: 2\na: 3\nb: 4\n")
    assert [(p.line, p.col, p.code) for p in loaded.problems] == [(3, 1, "duplicate_key"), (4, 1, "duplicate_key")]
    assert loaded.data == {"a": 1, "b": 2}  # the first value is kept, never silently the last


def test_keys_that_yaml_would_retype_are_refused():
    loaded = load("yes: 1\n")
    assert [p.code for p in loaded.problems] == ["key_not_text_value"]


def test_tab_inside_text_is_fine_but_not_in_indentation():
    assert load('a: "x\ty"\n').ok
    bad = load("a:\n\t- b\n")
    assert [(p.line, p.col, p.code) for p in bad.problems] == [(2, 1, "tab_indent")]


def test_invalid_utf8_is_located():
    loaded = load_bytes(b"a: ok\nb: caf\xe9\n", "x.yaml")
    assert [(p.line, p.col, p.code) for p in loaded.problems] == [(2, 7, "invalid_utf8")]


def test_large_file_is_rejected_without_reading_it(tmp_path, monkeypatch):
    big = tmp_path / "big.yaml"
    with big.open("wb") as fh:
        fh.write(b"a: " + b"x" * (20 * 1024 * 1024) + b"\n")
    import sop_portal.data.yamlload as yamlload

    def never(*args, **kwargs):
        raise AssertionError("only the size of a file over the limit is read")

    monkeypatch.setattr(yamlload.yaml, "compose", never)
    monkeypatch.setattr(Path, "read_bytes", never)
    loaded = load_file(big)
    assert [p.code for p in loaded.problems] == ["file_too_large"]
    assert "20.0 MB" in loaded.problems[0].message("en")


def test_alias_bomb_is_bounded():
    lines = ['a: &a ["x","x","x","x","x","x","x","x","x","x"]']
    for i in range(1, 9):
        prev, cur = chr(96 + i), chr(97 + i)
        lines.append(f"{cur}: &{cur} [" + ",".join([f"*{prev}"] * 10) + "]")
    loaded = load("\n".join(lines) + "\n")
    assert [p.code for p in loaded.problems] == ["too_many_nodes"]
    assert loaded.data is None


def test_deep_nesting_is_bounded():
    loaded = load("a: " + "[" * 200 + "]" * 200 + "\n")
    assert [p.code for p in loaded.problems] == ["too_deep"]


def test_unreadable_file_is_a_problem_not_an_exception(tmp_path):
    loaded = load_file(tmp_path / "missing.yaml")
    assert [p.code for p in loaded.problems] == ["file_unreadable"]
