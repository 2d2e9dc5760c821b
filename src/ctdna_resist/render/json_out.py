"""JSON output (schema_version "1.2"; every key is described in docs/json-output.md).

Indented for people, except that the items of long lists (`other_alterations` on a dense panel
or genome) are written one compact object per line: the same JSON, far faster to write than a
fully indented document (Python's C encoder only runs without indentation).

Numbers are finite by the time they get here (numbers.py refuses the others at the input);
`allow_nan=False` is the last guard: an Infinity or NaN would make the file invalid JSON, so it
is an internal error instead.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from ..model import Result, plain

#: lists longer than this are written one item per line
COMPACT_AFTER = 50


def _compact(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(", ", ": "), allow_nan=False)


def render_json(result: Result) -> str:
    return "".join(json_chunks(result))


def json_chunks(result: Result) -> Iterator[str]:
    """The JSON of `render_json` in pieces, for writing without holding it whole: a long list
    is made plain and encoded one item at a time, so neither `Result.to_dict()` nor the text
    is ever held complete."""
    yield "{\n"
    for i, (key, value) in enumerate(_top_level(result)):
        yield (",\n" if i else "") + f"  {json.dumps(key)}: "
        if isinstance(value, list | tuple) and len(value) > COMPACT_AFTER:
            yield "[\n"
            for k, item in enumerate(value):
                yield (",\n" if k else "") + "    " + _compact(plain(item))
            yield "\n  ]"
        else:
            yield json.dumps(plain(value), indent=2, ensure_ascii=False, allow_nan=False) \
                .replace("\n", "\n  ")
    yield "\n}\n"


def _top_level(result: Result) -> Iterator[tuple[str, Any]]:
    """(key, value) in the order of `Result.to_dict()`, values as they are in `result`."""
    for name in result.JSON_ORDER:
        yield name, getattr(result, name)
