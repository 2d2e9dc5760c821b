"""Dataclasses as plain JSON-ready values: what the JSON and TSV renderers and the notebook
tables write."""

from __future__ import annotations

from dataclasses import fields
from functools import cache
from typing import Any


@cache
def json_field_names(cls: type) -> tuple[str, ...]:
    """A dataclass's fields the JSON writes, in order (not ClassVars, not `json: False`)."""
    return tuple(f.name for f in fields(cls) if f.metadata.get("json", True))


def plain(value: Any) -> Any:
    """Dataclasses, lists and dicts as plain JSON-ready values. Unlike `dataclasses.asdict`
    it does not deep-copy every leaf, which dominated writing large outputs. A dataclass whose
    JSON differs from its fields (`Phase`) says so in `to_json`."""
    if hasattr(value, "to_json"):
        return value.to_json()
    if hasattr(value, "__dataclass_fields__"):
        return {name: plain(getattr(value, name)) for name in json_field_names(type(value))}
    if isinstance(value, list | tuple):
        return [plain(item) for item in value]
    if isinstance(value, dict):
        return {key: plain(item) for key, item in value.items()}
    return value
