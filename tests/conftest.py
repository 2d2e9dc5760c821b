"""Fixtures shared by the test modules (the helpers they import are in helpers.py)."""

from __future__ import annotations

import pytest

from helpers import Cli


@pytest.fixture
def cli() -> Cli:
    return Cli()


@pytest.fixture(scope="session")
def kb():
    from ctdna_resist.api import load_kb

    return load_kb(None)


@pytest.fixture(scope="session")
def builder(kb):
    from ctdna_resist.normalize.alterations import AlterationBuilder

    return AlterationBuilder(kb)
