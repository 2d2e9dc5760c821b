"""The accounting invariant on every input fixture the repository ships, and on the corpus:
alterations = findings + other + skipped + outside_kb_genes, whatever the reader."""

from __future__ import annotations

from pathlib import Path

import pytest

from ctdna_resist.api import Request, annotate
from ctdna_resist.errors import CtdnaResistError
from ctdna_resist.readers import detect_format
from helpers import ROOT, assert_accounting

NOT_INPUTS = (".tbi", ".csi", ".fai", ".bai", ".fa", ".fasta")


def _fixtures() -> list[Path]:
    paths = []
    for folder in (ROOT / "test_data", ROOT / "tests" / "corpus"):
        for path in sorted(folder.rglob("*")):
            if path.is_file() and not path.name.endswith(NOT_INPUTS):
                paths.append(path)
    return paths


FIXTURES = _fixtures()


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: str(p.relative_to(ROOT)))
def test_accounting_holds_on_every_fixture(path):
    try:
        detect_format(path)
    except CtdnaResistError:
        pytest.skip("not an input file (a sample sheet, a deliberately broken file, ...)")
    for options in ({}, {"genome": "GRCh38"}, {"genome": "GRCh37"}):
        try:
            result = annotate(Request(inputs=[path], therapies=["osimertinib"], lenient=True,
                                      **options))
            break
        except CtdnaResistError:
            continue
    else:
        pytest.skip("needs options this generic run does not give (e.g. --sample)")
    assert_accounting(result.to_dict())


def test_most_fixtures_were_checked():
    checked = 0
    for path in FIXTURES:
        try:
            detect_format(path)
            annotate(Request(inputs=[path], lenient=True, genome="GRCh38"))
            checked += 1
        except CtdnaResistError:
            pass
    assert checked >= 20
