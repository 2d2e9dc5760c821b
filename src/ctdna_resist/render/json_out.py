"""JSON output (DESIGN.md schema_version "1").

Indented for people, except that the items of long lists (`other_alterations` on a dense panel
or genome) are written one compact object per line: the same JSON, far faster to write than a
fully indented document (Python's C encoder only runs without indentation).

Numbers are finite by the time they get here (numbers.py refuses the others at the input);
`allow_nan=False` is the last guard: an Infinity or NaN would make the file invalid JSON, so it
is an internal error instead.
"""

from __future__ import annotations

import json
from typing import Any

from ..model import Result

#: lists longer than this are written one item per line
COMPACT_AFTER = 50


def _compact(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(", ", ": "), allow_nan=False)


def render_json(result: Result) -> str:
    data = result.to_dict()
    parts = []
    for key, value in data.items():
        if isinstance(value, list) and len(value) > COMPACT_AFTER:
            items = ",\n".join(f"    {_compact(item)}" for item in value)
            text = f"[\n{items}\n  ]"
        else:
            text = json.dumps(value, indent=2, ensure_ascii=False, allow_nan=False) \
                .replace("\n", "\n  ")
        parts.append(f"  {json.dumps(key)}: {text}")
    return "{\n" + ",\n".join(parts) + "\n}\n"
