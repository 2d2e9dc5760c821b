"""Every input fixture the repository ships, and every file of the corpus, has its expected
outcome (fixtures_table.py), run through `ctdna-resist annotate` in this process: read with its
accounting checked against an independent count of the input, refused with one line naming the
file, or refused as not an input."""

from __future__ import annotations

import json

import pytest

from fixtures_table import FIXTURES, NotAnInput, Reads, Refused
from helpers import ROOT, assert_accounting

FOLDERS = ("test_data", "tests/corpus")
CASES = [pytest.param(name, case, id=f"{name}[{i}]" if len(cases) > 1 else name,
                      marks=[pytest.mark.xfail(strict=True, reason=case.defect)]
                      if getattr(case, "defect", "") else [])
         for name, cases in FIXTURES.items() for i, case in enumerate(cases)]


def test_the_table_names_every_file_and_no_other():
    on_disk = {str(path.relative_to(ROOT)) for folder in FOLDERS
               for path in (ROOT / folder).rglob("*") if path.is_file()}
    assert sorted(on_disk - set(FIXTURES)) == [], "files without an expected outcome"
    assert sorted(set(FIXTURES) - on_disk) == [], "the table names files that do not exist"


def _annotate(cli, name: str, options: tuple[str, ...]):
    return cli("annotate", ROOT / name, "--therapy", "Tagrisso", *options, "-o", "-")


def _one_line_naming(result, path) -> str:
    """What the single stderr line says after the file name."""
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    prefix = f"ctdna-resist: error: {path}"
    assert lines[0].startswith(prefix), lines[0]
    return lines[0][len(prefix):]


@pytest.mark.parametrize("name,case", CASES)
def test_fixture_outcome(cli, name, case):
    path = ROOT / name
    result = _annotate(cli, name, getattr(case, "options", ()))
    if isinstance(case, Reads):
        assert result.exit_code == 0, result.stderr
        data = json.loads(result.stdout)
        counted = case.count if isinstance(case.count, int) else case.count(path)
        assert_accounting(data, counted, case.duplicates)
        if case.findings is not None:
            assert {(f["gene"], f["alteration"]) for f in data["findings"]} == case.findings
    elif isinstance(case, Refused):
        assert case.message in _one_line_naming(result, path)
    else:
        assert isinstance(case, NotAnInput) and case.reason
        assert _one_line_naming(result, path).startswith(": format not recognised")
