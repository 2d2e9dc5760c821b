"""JSON output (DESIGN.md schema_version "1")."""

from __future__ import annotations

import json

from ..model import Result


def render_json(result: Result) -> str:
    return json.dumps(result.to_dict(), indent=2, ensure_ascii=False) + "\n"
