"""C-CAT CATS JSON: short variants, copy number, rearrangements; what the laboratory left out of
its report is listed, never matched; the file is bounded in size before it is parsed."""

import copy
import json

import pytest

from helpers import EXAMPLE_THERAPIES, TEST_DATA

CATS = TEST_DATA / "real_world/c-cat/LB-1401-P2.tumor_only_cfdna.cats"


def _write(tmp_path, data) -> str:
    path = tmp_path / "report.cats"
    path.write_text(json.dumps(data))
    return path


def test_fold_change_is_the_copy_number_and_a_placeholder_zero_is_not_a_deletion(cli):
    data = cli.annotate(CATS, *EXAMPLE_THERAPIES)
    met = next(f for f in data["findings"] if f["gene"] == "MET" and
               f["alteration"] == "amplification")
    assert met["plasma_copy_number"] == 5.82  # 2 x fold change 2.91, not the 0.0 beside it
    assert data["sample"]["input_metadata"]["test_type"] == "tumor-only (cell-free)"
    assert data["sample"]["genome"] == "GRCh38"


def test_a_variant_left_out_of_the_report_is_listed_never_matched(cli, tmp_path):
    data = json.loads(CATS.read_text())
    t790m = data["variants"]["shortVariants"][1]
    assert t790m["transcripts"][0]["aminoAcidsChange"] == "T790M"
    edited = copy.deepcopy(data)
    edited["variants"]["shortVariants"][1]["reported"] = False
    result = cli.annotate(_write(tmp_path, edited), *EXAMPLE_THERAPIES)
    assert "T790M" not in {f["alteration"] for f in result["findings"]}
    reasons = {o["alteration"]: o["reason"] for o in result["other_alterations"]}
    assert reasons["T790M"] == "not in the laboratory's report (CATS reported: false)"


def test_only_schema_1_is_read(cli, tmp_path):
    data = json.loads(CATS.read_text())
    data["metaData"]["schemaVersion"] = "2.0.0"
    result = cli("annotate", _write(tmp_path, data), "-o", "-")
    assert result.exit_code == 2 and "only schema 1.x is read" in result.stderr


def test_a_file_over_the_size_bound_is_refused_before_parsing(cli, tmp_path, monkeypatch):
    from ctdna_resist.readers import cats

    monkeypatch.setattr(cats, "MAX_BYTES", 4096)
    result = cli("annotate", CATS, "-o", "-")
    assert result.exit_code == 2 and "is larger than" in result.stderr


@pytest.mark.parametrize("text,message", [
    ('{"metaData": {"schemaVersion": "1.3.0", "testInfo"', "is not valid JSON"),
    ('{"metaData": {"schemaVersion": "1.3.0"}, "testInfo": ' + "[" * 100000 + "]" * 100000
     + "}", "nested too deeply"),
])
def test_broken_json_is_one_line_naming_the_file(cli, tmp_path, text, message):
    path = tmp_path / "broken.cats"
    path.write_text(text)
    result = cli("annotate", path, "-o", "-")
    assert result.exit_code == 2 and message in result.stderr
    assert "Traceback" not in result.stderr
