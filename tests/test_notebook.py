"""The library as a notebook uses it: `ctdna_resist.annotate(...)` with plain keywords, results
as pandas tables whose columns and rows are those of the JSON report, a cohort as samples x
mechanisms, and nothing heavy imported until it is needed."""

from __future__ import annotations

import dataclasses
import json
import math
import re
import subprocess
import sys

import pytest

from helpers import EXAMPLE_THERAPIES, EXAMPLE_VCF, ROOT, TEST_DATA

pandas = pytest.importorskip("pandas", reason="pip install -e '.[test]' installs pandas")
THERAPIES = EXAMPLE_THERAPIES[1::2]  # ["erlotinib", "osimertinib"]


@pytest.fixture(scope="module")
def example():
    """The bundled example through the notebook call, and its JSON as the command line
    writes it."""
    from click.testing import CliRunner

    import ctdna_resist
    from ctdna_resist.cli import cli

    run = CliRunner().invoke(cli, ["annotate", str(EXAMPLE_VCF), *EXAMPLE_THERAPIES, "-o", "-"])
    assert run.exit_code == 0, run.output
    return ctdna_resist.annotate(str(EXAMPLE_VCF), therapies=THERAPIES), json.loads(run.stdout)


def same(cell, value) -> bool:
    """A table cell holds the JSON value (a missing number reads NaN in a float column)."""
    if value is None:
        return cell is None or (isinstance(cell, float) and math.isnan(cell))
    return cell == value


def assert_rows(frame, rows: list[dict], columns: list[str]) -> None:
    assert list(frame.columns) == columns
    assert len(frame) == len(rows)
    for position, row in enumerate(rows):
        for column in columns:
            cell = frame.iloc[position][column]
            assert same(cell, row.get(column)), (position, column, cell, row.get(column))


def test_findings_frame_is_the_json_findings(example):
    result, data = example
    assert result.to_dict() == data
    frame = result.findings_frame()
    assert_rows(frame, data["findings"], list(data["findings"][0]))
    assert list(frame["gene"] + " " + frame["alteration"]) == [
        "MET amplification", "EGFR C797S", "PIK3CA E545K", "EGFR T790M"]
    assert list(frame.loc[frame["context_match"], "alteration"]) == [
        "amplification", "C797S", "E545K"]


def test_options_frame_has_one_row_per_rescue_option(example):
    result, data = example
    rows = [{"gene": f["gene"], "alteration": f["alteration"], "partner": f["partner"], **o}
            for f in data["findings"] for o in f["rescue_options"]]
    first_option = data["findings"][0]["rescue_options"][0]
    frame = result.options_frame()
    assert_rows(frame, rows, ["gene", "alteration", "partner", *first_option])
    met = frame[frame["gene"] == "MET"]
    assert met.iloc[0]["regimen"] == "savolitinib + osimertinib"
    assert "NCT03778229" in met.iloc[0]["trials"]


def test_other_frame_has_one_row_per_other_alteration(example):
    result, data = example
    frame = result.other_frame()
    assert_rows(frame, data["other_alterations"], list(data["other_alterations"][0]))
    assert set(frame["gene"]) == {"DNMT3A", "EGFR", "TP53"}
    dnmt3a = frame[frame["gene"] == "DNMT3A"].iloc[0]
    assert "possible_chip" in dnmt3a["flags"]


def test_empty_lists_give_empty_tables_with_the_columns(tmp_path):
    import ctdna_resist

    panel = tmp_path / "panel.tsv"
    panel.write_text("gene\talteration\tvaf\nEGFR\tL858R\t10%\n")
    result = ctdna_resist.annotate(panel, therapies="osimertinib")
    assert result.findings_frame().empty and "context_match" in result.findings_frame()
    assert result.options_frame().empty and "regimen" in result.options_frame()
    assert list(result.other_frame()["alteration"]) == ["L858R"]


def test_keywords_and_request_give_the_same_result():
    import ctdna_resist
    from ctdna_resist.api import Request

    by_request = ctdna_resist.annotate(Request(inputs=[EXAMPLE_VCF], therapies=THERAPIES,
                                               tumor_fraction=0.2))
    by_keywords = ctdna_resist.annotate([EXAMPLE_VCF], therapies=THERAPIES,
                                        tumor_fraction=0.2)
    assert by_keywords.to_dict() == by_request.to_dict()
    # options given with a Request replace its fields
    on_erlotinib = ctdna_resist.annotate(Request(inputs=[EXAMPLE_VCF], therapies=THERAPIES),
                                         therapies=["erlotinib"])
    assert on_erlotinib.sample.therapies == ["erlotinib"]


def test_request_options_are_the_request_fields():
    from ctdna_resist.api import Request
    from ctdna_resist.api._options import RequestOptions

    assert list(RequestOptions.__annotations__) == [
        f.name for f in dataclasses.fields(Request) if f.name != "inputs"]


def test_a_misnamed_option_names_the_accepted_ones():
    import ctdna_resist

    with pytest.raises(TypeError, match=r"annotate\(\) got unknown option\(s\) 'therapy' "
                                        r"\(did you mean 'therapies'\?\); accepted: sample_id"):
        ctdna_resist.annotate(EXAMPLE_VCF, therapy="osimertinib")
    with pytest.raises(TypeError, match="needs the inputs"):
        ctdna_resist.annotate([], therapies=THERAPIES)


def test_a_call_leaves_the_garbage_collector_as_it_found_it(tmp_path):
    """A call pauses the cyclic collector while it runs (benchmarks/README.md); the notebook
    gets it back as it was, after a failing call too."""
    import gc

    import ctdna_resist
    from ctdna_resist.errors import InputError

    assert gc.isenabled()
    ctdna_resist.annotate(str(EXAMPLE_VCF), therapies=THERAPIES)
    assert gc.isenabled()
    bad = tmp_path / "bad.tsv"
    bad.write_text("gene\talteration\nEGFR\tnot a change\n")
    with pytest.raises(InputError):
        ctdna_resist.report(str(bad), json=str(tmp_path / "out.json"))
    assert gc.isenabled()
    gc.disable()
    try:
        ctdna_resist.annotate(str(EXAMPLE_VCF), therapies=THERAPIES)
        assert not gc.isenabled()  # a caller's own pause is kept
    finally:
        gc.enable()


def test_report_writes_the_outputs_named_as_keywords(tmp_path):
    import ctdna_resist

    result = ctdna_resist.report(EXAMPLE_VCF, therapies=THERAPIES, sample_id="PT001",
                                 html=tmp_path / "r.html", json=tmp_path / "r.json")
    assert json.loads((tmp_path / "r.json").read_text()) == result.to_dict()
    assert "PT001" in (tmp_path / "r.html").read_text()
    assert not (tmp_path / "r.tsv").exists()


def test_cohort_as_samples_by_mechanisms(tmp_path):
    import ctdna_resist

    cohort = ctdna_resist.batch(TEST_DATA / "example_cohort.samplesheet.tsv", tmp_path)
    frame = cohort.mechanisms_frame()
    assert list(frame.index) == ["PT001_panel", "PT001_vcf", "PT001_on_erlotinib"]
    # the counts are those of the cohort summary, summed over the assessed therapies
    header, *lines = (tmp_path / "cohort_summary.tsv").read_text().splitlines()
    rows = [dict(zip(header.split("\t"), line.split("\t"), strict=True)) for line in lines]
    expected: dict[str, set[str]] = {}
    for row in rows:
        expected.setdefault(row["mechanism"], set()).update(row["samples"].split(";"))
    assert list(frame.columns) == list(dict.fromkeys(r["mechanism"] for r in rows))
    assert {m: set(frame.index[frame[m]]) for m in frame.columns} == expected
    assert frame["EGFR T790M"].sum() == 1 and frame["EGFR C797S"].sum() == 2


def test_annotate_to_json_imports_nothing_heavy_and_tables_import_pandas():
    """`import ctdna_resist` and annotate-to-JSON load neither pandas nor the report
    renderers; a table loads pandas when asked."""
    code = (
        "import sys, ctdna_resist\n"
        "heavy = ('pandas', 'jinja2', 'matplotlib', 'weasyprint')\n"
        "loaded = lambda: [m for m in heavy if m in sys.modules]\n"
        "assert loaded() == [] and 'ctdna_resist.api' not in sys.modules, loaded()\n"
        f"result = ctdna_resist.annotate({str(EXAMPLE_VCF)!r}, therapies={THERAPIES!r})\n"
        "from ctdna_resist.render.json_out import render_json\n"
        "render_json(result)\n"
        "print(loaded())\n"
        "result.findings_frame()\n"
        "print(loaded())\n")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         timeout=120)
    assert run.returncode == 0, run.stderr
    assert run.stdout.splitlines() == ["[]", "['pandas']"]


def test_without_pandas_a_table_says_how_to_get_it(example, monkeypatch):
    result, _ = example
    monkeypatch.setitem(sys.modules, "pandas", None)  # import pandas fails
    with pytest.raises(ImportError, match=r"pip install 'ctdna-resist\[notebook\]'"):
        result.findings_frame()


def test_readme_notebook_example_runs(tmp_path, monkeypatch):
    """The README's notebook example, run as written from a checkout."""
    readme = (ROOT / "README.md").read_text()
    blocks = re.findall(r"```python\n(.*?)```", readme, re.S)
    assert blocks, "README has no python example"
    (tmp_path / "test_data").symlink_to(TEST_DATA)
    monkeypatch.chdir(tmp_path)
    namespace: dict = {}
    for block in blocks:
        exec(compile(block, "README.md", "exec"), namespace)  # noqa: S102
    assert (tmp_path / "out").is_dir()
