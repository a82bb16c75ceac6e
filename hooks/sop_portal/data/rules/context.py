"""The context every rule module is handed: the loaded files, the id indexes and the problem collector."""

from __future__ import annotations

import datetime as _dt
import difflib
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterator

from sop_portal.data import schema as _schema
from sop_portal.data.problems import Problem
from sop_portal.data.rules.safety import PhoneInfo
from sop_portal.data.yamlload import Loaded

if TYPE_CHECKING:
    from sop_portal.data.validate import DataSet


@dataclass
class Definition:
    """Where an id was first defined (a second definition is reported as a duplicate of this one)."""

    value: str
    loaded: Loaded
    ptr: tuple


class Context:
    """What the rules share while they check one data folder (or one district over it).

    ``data``      the parsed files by schema name (``data.of(name)``, ``data.one(name)``, ``files()`` for all);
    ``today``     the date the checks run for (stale and future dates);
    ``defs``      kind -> id -> :class:`Definition`: every id defined so far ("actor", "step", "source", …);
    ``problems``  what the rules found, through :meth:`report` (never appended to directly);
    and the few facts one rule records for another: the kinds of the sources, the restricted contacts, the
    contacts' phone numbers for the safety rules, and the kinds whose files could not be read.
    """

    def __init__(self, data: DataSet, today: _dt.date):
        self.data = data
        self.today = today
        self.problems: list[Problem] = []
        self.defs: dict[str, dict[str, Definition]] = {}
        self.source_kinds: dict[str, str] = {}  # source id -> its kind (sources.py; the status rules)
        self.restricted: set[str] = set()  # contacts that never reach the site (contacts.py)
        self.phones: dict[str, list[PhoneInfo]] = {}  # contact id -> its well-typed numbers (safety rules)
        self.phone_gaps: set[str] = set()  # contacts with a number the schema rejected: the safety rules skip them
        # Kinds whose defining files could not be read: a reference to them may well be right, so it is not
        # reported (one broken file gives one error, not one per reference to it).
        self.incomplete: set[str] = set()
        # id(file) -> (the file, kept so its id is not reused; its values; its mappings): each file is walked once
        self._walked: dict[int, tuple[Loaded, list, list]] = {}

    def for_district(self) -> Context:
        """A context that sees the national definitions plus the district's own, collecting only its own problems."""
        child = Context(self.data, self.today)
        child.defs = {kind: dict(table) for kind, table in self.defs.items()}
        child.source_kinds = dict(self.source_kinds)
        child.restricted = set(self.restricted)
        child.phones = dict(self.phones)
        child.phone_gaps = set(self.phone_gaps)
        child.incomplete = set(self.incomplete)
        return child

    # -- the files ---------------------------------------------------------------------------------
    def files(self) -> Iterator[Loaded]:
        """Every national file, kind by kind in the order of ``validate.FILE_KINDS``."""
        for group in self.data.files.values():
            yield from group

    def values(self, loaded: Loaded) -> list[tuple[tuple, Any]]:
        """(pointer, value) of every value in a file, its root first (walked once, shared by the rules)."""
        return self._walk(loaded)[1]

    def mappings(self, loaded: Loaded) -> list[tuple[tuple, dict]]:
        """(pointer, mapping) of every mapping in a file, its root first (walked once, shared by the rules)."""
        return self._walk(loaded)[2]

    def _walk(self, loaded: Loaded) -> tuple[Loaded, list, list]:
        found = self._walked.get(id(loaded))
        if found is None:
            values = list(walk(loaded.data))
            found = self._walked[id(loaded)] = (loaded, values, [(p, n) for p, n in values if isinstance(n, dict)])
        return found

    def unreadable(self, schema_name: str, *kinds: str) -> None:
        """Mark ``kinds`` incomplete when a file of ``schema_name`` that defines them could not be read."""
        if any(not isinstance(f.data, dict) for f in self.data.of(schema_name)):
            self.incomplete.update(kinds)

    # -- reporting ---------------------------------------------------------------------------------
    def report(self, loaded: Loaded, ptr: tuple, code: str, key: bool = False, severity: str = "error", **params):
        """One problem at ``ptr`` in ``loaded``; ``code`` names a message in messages/id.json and en.json."""
        line, col = loaded.where(ptr, key=key)
        self.problems.append(Problem.at(loaded.path, line, col, code, severity=severity, **params))

    def check_file_name(self, loaded: Loaded, value: Any) -> None:
        """An ``id`` at the root of a file is the file's name."""
        if isinstance(value, str) and value != loaded.path.stem:
            self.report(loaded, ("id",), "id_filename_mismatch", value=value, file=loaded.path.name)

    # -- ids ---------------------------------------------------------------------------------------
    def define(self, kind: str, value: Any, loaded: Loaded, ptr: tuple) -> None:
        """Record an id of ``kind``; a second definition of the same id is reported as a duplicate."""
        if not isinstance(value, str):
            if isinstance(value, _schema.WrongType):  # an id of the wrong type, already reported: references
                self.incomplete.add(kind)  # to it may well be right (one wrong type gives one error)
            return
        table = self.defs.setdefault(kind, {})
        if value in table:
            first = table[value]
            # Named relative to the data folder: unambiguous wherever the command is run from.
            other = (
                f"{Path(first.loaded.path).relative_to(self.data.root).as_posix()}:{first.loaded.where(first.ptr)[0]}"
            )
            self.report(loaded, ptr, "duplicate_id", kind=kind, value=value, other=other)
        else:
            table[value] = Definition(value, loaded, ptr)

    def resolve(self, kind: str, value: Any, loaded: Loaded, ptr: tuple, where: str) -> None:
        """A reference to an id of ``kind`` (defined in ``where``) resolves, or is reported with 'did you mean'."""
        if not isinstance(value, str) or kind in self.incomplete:
            return
        table = self.defs.get(kind, {})
        if value in table:
            return
        match = difflib.get_close_matches(value, list(table), n=1, cutoff=0.6)
        self.report(
            loaded, ptr, "unknown_ref", kind=kind, value=value, suggestion=match[0] if match else "", where=where
        )


def items(data: Any, key: str) -> Iterator[tuple[int, dict]]:
    """(index, mapping) of each mapping in the list ``data[key]``; nothing when either is of another type."""
    seq = data.get(key) if isinstance(data, dict) else None
    if isinstance(seq, list):
        for i, item in enumerate(seq):
            if isinstance(item, dict):
                yield i, item


def walk(node: Any, ptr: tuple = ()) -> Iterator[tuple[tuple, Any]]:
    """(pointer, value) of ``node`` and of every value inside it, depth first."""
    yield ptr, node
    if isinstance(node, dict):
        for k, v in node.items():
            yield from walk(v, ptr + (k,))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from walk(v, ptr + (i,))
