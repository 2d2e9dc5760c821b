"""Dataclasses as plain JSON-ready values: what the JSON and TSV renderers and the notebook
tables write."""

from __future__ import annotations

from dataclasses import fields
from functools import cache
from typing import Any

_SCALARS = (str, int, float, bool, type(None))
_SCALAR_TYPES = frozenset(_SCALARS)  # exact types, for the common case without a call


@cache
def json_field_names(cls: type) -> tuple[str, ...]:
    """A dataclass's fields the JSON writes, in order (not ClassVars, not `json: False`)."""
    return tuple(f.name for f in fields(cls) if f.metadata.get("json", True))


def plain(value: Any) -> Any:
    """Dataclasses, lists and dicts as plain JSON-ready values. Unlike `dataclasses.asdict`
    it does not deep-copy every leaf, which dominated writing large outputs. A dataclass whose
    JSON differs from its fields (`Phase`) says so in `to_json`."""
    if isinstance(value, _SCALARS):  # most values: looked at first
        return value
    cls = type(value)
    if hasattr(cls, "to_json"):
        return value.to_json()
    if hasattr(cls, "__dataclass_fields__"):
        out = {}
        for name in json_field_names(cls):
            item = getattr(value, name)
            out[name] = item if type(item) in _SCALAR_TYPES else plain(item)
        return out
    if isinstance(value, list | tuple):
        return [item if type(item) in _SCALAR_TYPES else plain(item) for item in value]
    if isinstance(value, dict):
        return {key: plain(item) for key, item in value.items()}
    return value
