"""The JSON Schema of eventwire's output, built from the record dataclasses.

Reads the dataclasses in ``records.py`` (field names, type hints and the
descriptions below); returns a JSON Schema (draft 2020-12) for one
``Extraction`` as printed by ``eventwire extract --format json`` and written
by ``eventwire export --format jsonl``. ``docs/extraction.schema.json`` is this
schema, written by ``python -m eventwire.export.schema``; a test keeps the two equal.
"""

from __future__ import annotations

import dataclasses
import json
import sys
import types
import typing
from typing import Any

from eventwire import records

DESCRIPTIONS: dict[str, str] = {
    "Extraction": "Everything eventwire extracted from one article.",
    "Article": "The article as read: metadata and the body text all offsets point into.",
    "Entity": "A named-entity span from the model, corrected by the gazetteer.",
    "Actor": "One canonical actor per document, with its mentions.",
    "Mention": "Words in the article that refer to an actor.",
    "TimeExpr": "A temporal expression normalized against the publication date (TimeML values).",
    "Place": "A toponym resolved offline to coordinates and a country.",
    "Quote": "A direct quote or reported speech, with speaker and cue.",
    "Event": "A PLOVER event: who did what to whom, when and where, with modality.",
    "EventActor": "An actor or recipient of an event, with the words that name it.",
    "start": "Character offset into article.text where the item begins.",
    "end": "Character offset into article.text where the item ends (exclusive).",
}

_SIMPLE = {str: "string", int: "integer", float: "number", bool: "boolean"}


def _type_schema(hint: Any, defs: dict[str, Any]) -> dict[str, Any]:
    origin = typing.get_origin(hint)
    args = typing.get_args(hint)
    if origin in (typing.Union, types.UnionType):
        options = [_type_schema(a, defs) for a in args if a is not type(None)]
        schema = options[0] if len(options) == 1 else {"anyOf": options}
        if type(None) in args:
            schema = {"anyOf": [schema, {"type": "null"}]}
        return schema
    if origin is list:
        return {"type": "array", "items": _type_schema(args[0], defs) if args else {}}
    if origin is dict:
        return {"type": "object"}
    if dataclasses.is_dataclass(hint):
        _define(hint, defs)
        return {"$ref": f"#/$defs/{hint.__name__}"}
    if hint in _SIMPLE:
        return {"type": _SIMPLE[hint]}
    return {}


def _define(cls: type, defs: dict[str, Any]) -> None:
    if cls.__name__ in defs:
        return
    defs[cls.__name__] = {}  # placeholder against recursion
    hints = typing.get_type_hints(cls)
    properties = {}
    required = []
    for f in dataclasses.fields(cls):
        prop = _type_schema(hints[f.name], defs)
        if f.name in DESCRIPTIONS:
            prop = {**prop, "description": DESCRIPTIONS[f.name]}
        properties[f.name] = prop
        if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING:
            required.append(f.name)
    defs[cls.__name__] = {
        "type": "object",
        "description": DESCRIPTIONS.get(cls.__name__, ""),
        "properties": properties,
        "required": required,
    }


def extraction_json_schema() -> dict[str, Any]:
    """The JSON Schema of one ``Extraction``."""
    defs: dict[str, Any] = {}
    _define(records.Extraction, defs)
    root = defs.pop("Extraction")
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://eventwire.invalid/schema/extraction.json",
        "title": "eventwire extraction",
        "version": records.SCHEMA_VERSION,
        **root,
        "$defs": dict(sorted(defs.items())),
    }


def main() -> None:
    json.dump(extraction_json_schema(), sys.stdout, indent=2)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
