"""Files as the field writes them (test_data/real_world/, SOURCES.md says where each comes from):
every one runs through `ctdna-resist annotate` without --input-format, and what it reports is
what test_data/real_world/EXPECTED.tsv says: the findings, notable other alterations, the
accounting, the genome build's evidence and examples of genes outside the knowledge base; or
the one-line refusal a file that cannot be read honestly gets."""

from __future__ import annotations

import csv
import json
import shlex

import pytest

from helpers import ROOT, check_parts

FOLDER = ROOT / "test_data" / "real_world"
TABLE = FOLDER / "EXPECTED.tsv"
with TABLE.open(encoding="utf-8") as _fh:
    ROWS = list(csv.DictReader(_fh, delimiter="\t"))
#: a suffix of an `other` cell: what the other alteration's reason or flags must say
MARKS = {"(not detected)": lambda o: o["reason"].startswith("not detected"),
         "(possible CHIP)": lambda o: "possible_chip" in o["flags"],
         "(not reported)": lambda o: "not in the laboratory's report" in o["reason"],
         "(driver)": lambda o: o["reason"].startswith("the driver")}


def _label(item: dict) -> str:
    if item["partner"]:
        return f"{item['partner']}-{item['gene']} fusion"
    return f"{item['gene']} {item['alteration']}"


def _cells(text: str) -> list[str]:
    return [c.strip() for c in text.split(";") if c.strip()]


def _run(cli, row: dict):
    therapies = [arg for t in _cells(row["therapies"]) for arg in ("--therapy", t)]
    return cli("annotate", FOLDER / row["file"], *shlex.split(row["options"]), *therapies,
               "-o", "-")


def test_the_table_lists_every_fixture_of_the_folder():
    on_disk = {str(p.relative_to(FOLDER)) for p in FOLDER.rglob("*") if p.is_file()} - \
        {"EXPECTED.tsv", "SOURCES.md"}
    assert on_disk == {row["file"] for row in ROWS}
    assert len(on_disk) >= 25
    sources = (FOLDER / "SOURCES.md").read_text()
    assert [f for f in sorted(on_disk) if f"`{f}`" not in sources and
            f"`{f.rsplit('/', 1)[-1]}`" not in sources] == []


@pytest.mark.parametrize("row", ROWS, ids=[f"{r['file']} {r['options']}".strip() for r in ROWS])
def test_fixture(cli, row):
    assert "--input-format" not in row["options"]  # every file is recognised on its own
    result = _run(cli, row)
    if row["expect"] == "refused":
        assert result.exit_code == 2, result.stdout[:500]
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and "Traceback" not in result.stderr
        assert lines[0].startswith(f"ctdna-resist: error: {FOLDER / row['file']}")
        assert row["message"] and row["message"] in lines[0]
        return
    assert row["expect"] == "ok"
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    check_parts(data)
    assert sorted(_label(f) for f in data["findings"]) == sorted(_cells(row["findings"]))
    others = {}
    for item in data["other_alterations"]:
        others.setdefault(_label(item), []).append(item)
    for expected in _cells(row["other"]):
        mark = next((m for m in MARKS if expected.endswith(m)), None)
        label = expected.removesuffix(mark).strip() if mark else expected
        assert label in others, f"{label} not among {sorted(others)}"
        if mark:
            assert any(MARKS[mark](o) for o in others[label]), (expected, others[label])
    accounting = data["accounting"]
    assert accounting["alterations"] == int(row["alterations"])
    assert accounting["findings"] + accounting["other"] + accounting["skipped"] + \
        accounting["outside_kb_genes"] == accounting["alterations"]
    assert set(_cells(row["outside_examples"])) <= set(accounting["outside_kb_gene_examples"])
    if row["genome_evidence"]:
        assert row["genome_evidence"] in (data["sample"]["genome_evidence"] or "")


def test_every_finding_says_where_its_vaf_came_from(cli):
    """A VAF is never shown without the input field it was read from."""
    for row in ROWS:
        if row["expect"] != "ok":
            continue
        data = json.loads(_run(cli, row).stdout)
        for item in data["findings"] + data["other_alterations"]:
            assert (item["vaf"] is None) == (item["vaf_source"] is None), (row["file"], item)
