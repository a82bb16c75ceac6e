"""The validation rules beyond the schemas: one module per kind of file in the data folder.

They run after strict YAML and the JSON Schemas, in the fixed order that ``data/validate.py`` lists (``DEFINE``,
``CHECK_FILE``, ``CHECK``, then each district), and see data the schemas have already judged: a value of the wrong
type is a ``schema.WrongType`` there, reported once already, so a rule checks ``isinstance`` and passes by.

    sop.py         sop.yaml            supported schema_version, changelog entry for sop_version, known issuer
    sources.py     sources.yaml        source ids; every citation in any file; status against source kinds
    actors.py      actors.yaml         actor ids; every actor reference in any file
    services.py    services/           ids, numbers, step ids and prefixes; referrals
    contacts.py    contacts/           contact ids and numbers; dates, hotlines, dialling, editorial notes
    glossary.py    glossary.yaml       term ids
    trees.py       decision_trees/     ids, nodes, graph (reachability, cycles, dead ends), outcomes, safety graph
    safety.py      (trees, emergency)  the safety rules proven on every path of a tree's graph
    emergency.py   emergency.yaml      the shared opening: answers, the one 'continue', outcomes, safety
    training.py    training/           scenarios' answer keys, the workshop's agenda and quiz
    items.py       (any file)          anchorable items (open items, facts, legal basis, …): unique ids
    districts.py   districts/<slug>/   local actors and contacts, the profile's changes against the national SOP
    context.py     (shared)            the Context every rule is handed

The context (``context.Context``) is one object per run (and one per district, from ``ctx.for_district()``):
``ctx.data`` the loaded files (``ctx.data.of("service.schema.json")``, ``ctx.data.one(...)``, ``ctx.files()``),
``ctx.today``, ``ctx.defs`` the id indexes (kind -> id -> where it is defined), and the problem collector
``ctx.problems``, filled only through ``ctx.report``. Ids are recorded with ``ctx.define(kind, value, loaded,
ptr)`` (a second one is reported as a duplicate) and looked up with ``ctx.resolve(kind, value, loaded, ptr,
where)`` (an unknown one is reported, with "did you mean …"). ``context.items(data, key)`` gives the mappings of
a list whatever the data's shape, and ``ctx.mappings(loaded)`` every mapping in a file with its pointer.

How to add a rule
-----------------
1. Home: the module of the kind of file whose data it checks (a scenario rule goes in training.py, a contact
   rule in contacts.py). A rule about a field that any file may hold goes in the module of what the field refers
   to (a citation in sources.py, an actor in actors.py). Only a new kind of file gets a new module: give it a
   one-line docstring saying what it checks and add it to the table above.
2. Place: a module has up to three functions, each listed once in ``data/validate.py``: ``define(ctx)`` records
   the ids its files define (all ``define`` run before any check, so every reference can be resolved);
   ``check(ctx)`` checks its national files; ``check_file(ctx, loaded)`` checks fields any file may hold and runs
   on every national and district file. Add the rule to the function that fits; only a new function (or a new
   module) needs a line in ``DEFINE``, ``CHECK_FILE`` or ``CHECK``.
3. Report: ``ctx.report(loaded, ptr, "my_code", value=..., other_param=...)``, where ``ptr`` is the path to the
   offending value inside the file (``("steps", 2, "actors", 0)``): the problem is located at its line and column.
   ``severity="warning"`` for a warning (the exit code stays 0); ``key=True`` points at the key, not the value.
   Use ``ctx.resolve`` for a reference, never your own lookup: it stays quiet when the defining file is broken.
4. Message: add ``"my_code": {"what": "...", "fix": "..."}`` under ``"problems"`` in both
   ``messages/id.json`` and ``messages/en.json``, with the same ``{placeholders}`` as the parameters
   (tests/test_catalogs.py checks both languages have it). A line reads ``PATH:LINE:COL: what — fix``.
5. Corpus: a case ``tests/corpus/<kind>/<what-is-wrong>.yaml``, a copy of the file of the minimal dataset that
   ``<kind>`` replaces (``TARGETS`` in tests/datasets.py: service, contact, tree, scenario, district, …) broken in
   exactly one way. Run ``tests/corpus/regenerate.py`` and review the new lines of ``tests/corpus/expected.json``:
   they are the specification of the message. Run the whole corpus: no other case may change.
"""
