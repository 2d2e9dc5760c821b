"""Where the shipped data lives: inside the installed package (wheel), or at the repository root
(editable install, source checkout). The package is always a plain folder, so its path is
enough (importlib.resources would cost 12 ms of start-up for the same answer)."""

from __future__ import annotations

from pathlib import Path

PACKAGE = Path(__file__).resolve().parent


def data_dir(name: str) -> Path:
    """`annotations` or `templates`."""
    packaged = PACKAGE / name
    if packaged.is_dir():
        return packaged
    return PACKAGE.parents[1] / name
