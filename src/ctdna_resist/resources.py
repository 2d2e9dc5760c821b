"""Where the shipped data lives: inside the installed package (wheel), or at the repository root
(editable install, source checkout)."""

from __future__ import annotations

from importlib import resources
from pathlib import Path


def data_dir(name: str) -> Path:
    """`annotations` or `templates`."""
    packaged = Path(str(resources.files("ctdna_resist"))) / name
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / name
