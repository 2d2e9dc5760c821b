"""Fixtures shared by the test modules (the helpers they import are in helpers.py)."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pytest

from helpers import Cli, Unprivileged


@pytest.fixture
def cli() -> Cli:
    return Cli()


@pytest.fixture(scope="session")
def kb():
    from ctdna_resist.api import load_kb

    return load_kb(None)


@pytest.fixture(scope="session")
def builder(kb):
    return kb.alteration_builder()


@pytest.fixture
def unprivileged():
    """An Unprivileged runner, with a folder of its own outside pytest's tmp_path (whose
    parent, /tmp/pytest-of-root, only root may enter)."""
    folder = Path(tempfile.mkdtemp(prefix="ctdna-resist-"))
    folder.chmod(0o755)  # mkdtemp makes it 0700
    try:
        run = Unprivileged(folder)
        version = run("--version")
        assert version.returncode == 0, (
            f"{' '.join(run.command)} --version failed: the virtual environment, the checkout "
            f"and their parent folders must be readable by uid 65534 ({version.stderr.strip()})")
        yield run
    finally:
        for path in [folder, *folder.rglob("*")]:  # modes the tests set, undone so it can go
            path.chmod(0o700 if path.is_dir() else 0o600)
        shutil.rmtree(folder)
