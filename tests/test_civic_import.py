"""The CIViC import is reproducible and accounts for every item it should consider.

`scripts/import_civic.py` run on the dated release in ../shared/civic must give exactly the
committed civic_*.tsv tables (a curated table changed without running it again fails here);
the items imported and those left out together are the in-scope set, computed here from the
release and the mapping table without the script's code; no derived row comes from a germline
item. The release is not shipped: without ../shared/civic those tests skip, saying so. The rows
the package loads are checked without it."""

from __future__ import annotations

import csv
import shutil
import subprocess
import sys

import pytest

from ctdna_resist.kb.entities import CivicCitation
from helpers import ROOT, SHARED

KB = ROOT / "annotations"
CIVIC = SHARED / "civic"
RELEASE = CIVIC / "01-Aug-2024-ClinicalEvidenceSummaries.tsv"
OUTPUTS = ("civic_resistance.tsv", "civic_rescue.tsv", "civic_coverage.tsv",
           "civic_conflicts.tsv", "civic_drugs_needed.tsv", "civic_genes_needed.tsv")
#: what the script reads from the knowledge base besides the release
INPUTS = ("civic_mapping.tsv", "drugs.tsv", "drivers.tsv", "resistance.tsv", "rescue.tsv",
          "genes.tsv", "exons.tsv")
needs_release = pytest.mark.skipif(
    not RELEASE.is_file(), reason=f"the CIViC release is not here ({RELEASE}): it is shared "
    "material, not shipped; the import can only be re-run where it is")


def _rows(path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))


@pytest.fixture(scope="module")
def imported(tmp_path_factory):
    """The script's outputs from the release and the committed inputs, in a fresh folder."""
    out = tmp_path_factory.mktemp("civic")
    for name in INPUTS:
        shutil.copy(KB / name, out / name)
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "import_civic.py"), "--civic", str(CIVIC),
         "--out", str(out)], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    return out


@needs_release
@pytest.mark.parametrize("name", OUTPUTS)
def test_committed_tables_are_the_importer_output(imported, name):
    assert (imported / name).read_bytes() == (KB / name).read_bytes(), \
        f"{name} differs from what scripts/import_civic.py writes: run it again and commit"


@needs_release
def test_imported_and_left_out_are_the_in_scope_items():
    mapping = {(r["kind"], r["civic_value"]): r["maps_to"] for r in _rows(KB / "civic_mapping.tsv")}
    in_scope = {
        f"EID{r['evidence_id']}" for r in _rows(RELEASE)
        if r["evidence_type"] == "Predictive" and r["evidence_direction"] == "Supports"
        and (mapping.get(("disease", r["disease"])) == "lung"
             or any(mapping.get(("nsclc_drug", t.strip())) == "yes"
                    for t in r["therapies"].split(",")))}
    coverage = _rows(KB / "civic_coverage.tsv")
    assert len(coverage) == len({r["eid"] for r in coverage})
    assert {r["eid"] for r in coverage} == in_scope
    for row in coverage:
        assert row["status"] in ("imported", "left_out")
        assert bool(row["rows"]) == (row["status"] == "imported")
        assert bool(row["reason"]) == (row["status"] == "left_out"), row
    derived = {r["id"] for t in ("civic_resistance.tsv", "civic_rescue.tsv")
               for r in _rows(KB / t)}
    listed = {i for r in coverage for i in r["rows"].split(";") if i}
    assert listed == derived  # every derived row accounted for, none invented


@needs_release
def test_no_derived_row_comes_from_a_germline_item():
    origin = {f"EID{r['evidence_id']}": r["variant_origin"] for r in _rows(RELEASE)}
    germline = {eid for eid, o in origin.items() if "germline" in o.lower()}
    assert germline  # the release has germline items: the check below means something
    for table in ("civic_resistance.tsv", "civic_rescue.tsv"):
        for row in _rows(KB / table):
            eid = row["sources"].split(" ")[1]
            assert eid not in germline, f"{table} {row['id']} comes from germline {eid}"
    for row in _rows(KB / "civic_coverage.tsv"):
        if row["eid"] in germline:
            assert row["status"] == "left_out" and row["reason"].startswith("germline")


def test_every_derived_row_cites_its_civic_item_typed(kb):
    derived = [e for e in [*kb.resistance, *kb.rescue] if e.civic is not None]
    assert len(derived) > 100
    for entry in derived:
        [citation] = entry.sources
        assert isinstance(citation, CivicCitation), entry.id
        assert entry.id.split("-EID")[1].split("-")[0] == str(citation.eid)
        assert (citation.level, citation.release) == (entry.civic.level, "01-Aug-2024")
        assert entry.origin == "CIViC"
    assert all(e.civic is None and e.origin == "reviews" for e in kb.resistance
               if not e.id.startswith("CIVIC-"))
