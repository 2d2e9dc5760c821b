"""`batch` writes MultiQC custom-content files, so `multiqc OUTDIR` shows a ctdna-resist
section: a General Statistics row per sample and a bar plot of the cohort's mechanisms. The
test runs MultiQC itself (from the test extras) and reads what it made of them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from test_batch import read_tsv, write_cohort

MULTIQC = Path(sys.executable).parent / "multiqc"


@pytest.fixture(scope="module")
def batch_out(tmp_path_factory):
    """Five panel samples on various therapies, the fourth with a VAF of 7 (fails)."""
    from ctdna_resist.api import batch

    folder = tmp_path_factory.mktemp("cohort")
    result = batch(write_cohort(folder / "in", 5, broken={3}), folder / "out")
    assert [o.sample for o in result.failures] == ["S004"]
    return folder / "out"


def read_table(path: Path) -> dict[str, dict[str, str]]:
    """A MultiQC data table (first column: the row name)."""
    header, *lines = path.read_text().splitlines()
    names = header.split("\t")
    rows = {}
    for line in lines:
        cells = line.split("\t")
        rows[cells[0]] = dict(zip(names[1:], cells[1:], strict=True))
    return rows


def number(text: str) -> float | None:
    return float(text) if text.strip() else None


@pytest.mark.slow
def test_multiqc_shows_a_ctdna_resist_section(batch_out, tmp_path):
    if not MULTIQC.exists():
        pytest.fail(f"{MULTIQC} not found: pip install -e '.[test]' installs MultiQC")
    report = tmp_path / "multiqc"
    run = subprocess.run(
        [str(MULTIQC), str(batch_out), "--outdir", str(report), "--strict", "--no-ansi"],
        capture_output=True, text=True, timeout=600,
        env={**os.environ, "MULTIQC_NO_VERSION_CHECK": "true", "HOME": str(tmp_path)})
    assert run.returncode == 0, run.stdout + run.stderr
    data = report / "multiqc_data"

    # General Statistics: a row per sample, the values of its JSON report
    stats = read_table(data / "multiqc_general_stats.txt")
    column = "custom_content_ctdna_resist-{}".format
    assert sorted(stats) == ["S001", "S002", "S003", "S004", "S005"]
    assert stats["S004"][column("leading_mechanism")] == "not reported (failed)"
    for sample in ("S001", "S002", "S003", "S005"):
        report_json = json.loads((batch_out / f"{sample}.json").read_text())
        row = stats[sample]
        assert int(row[column("findings")]) == len(report_json["findings"])
        counted = [f for f in report_json["findings"] if f["context_match"]]
        leading = f"{counted[0]['gene']} {counted[0]['alteration']}" if counted \
            else "none documented"
        assert row[column("leading_mechanism")] == leading
        assert number(row[column("tumor_fraction")]) == pytest.approx(
            report_json["sample"]["tumor_fraction"] * 100)
        driver = report_json["sample"]["driver"]
        vaf = next(o["vaf"] for o in report_json["other_alterations"]
                   if (o["gene"], o["alteration"]) == (driver["gene"], driver["alteration"]))
        assert number(row[column("driver_vaf")]) == pytest.approx(vaf * 100)

    # the bar plot: samples per mechanism and assessed therapy, as in the cohort summary
    plot = read_table(data / "multiqc_ctdna_resist_mechanisms_plot.txt")
    expected: dict[str, dict[str, float]] = {}
    for row in read_tsv(batch_out / "cohort_summary.tsv"):
        expected.setdefault(row["mechanism"], {})[row["therapy"]] = float(row["n_samples"])
    got = {mechanism: {therapy: float(n) for therapy, n in counts.items() if n}
           for mechanism, counts in plot.items()}
    assert got == expected and "MET amplification" in got

    html = (report / "multiqc_report.html").read_text()
    assert 'id="ctdna_resist_mechanisms"' in html
    assert "ctdna-resist: resistance mechanisms" in html


def test_mqc_files_are_the_yaml_multiqc_documents(batch_out):
    """The hand-written YAML reads back as the configuration it means."""
    plot = yaml.safe_load((batch_out / "ctdna_resist_mechanisms_mqc.yaml").read_text())
    assert plot["plot_type"] == "bargraph" and plot["id"] == "ctdna_resist_mechanisms"
    assert plot["pconfig"]["cpswitch"] is False
    assert "1 sample failed and is not counted" in plot["description"]
    rows = read_tsv(batch_out / "cohort_summary.tsv")
    assert sum(sum(counts.values()) for counts in plot["data"].values()) == \
        sum(int(r["n_samples"]) for r in rows)

    text = (batch_out / "ctdna_resist_general_stats_mqc.tsv").read_text()
    header = "\n".join(line[2:] for line in text.splitlines() if line.startswith("# "))
    config = yaml.safe_load(header)
    assert config["plot_type"] == "generalstats"
    assert [next(iter(c)) for c in config["pconfig"]] == [
        "findings", "leading_mechanism", "tumor_fraction", "driver_vaf"]
    assert config["pconfig"][2]["tumor_fraction"]["suffix"] == "%"


def test_cohort_summary_command_writes_the_same_files(batch_out, tmp_path, cli):
    reports = sorted(batch_out.glob("S*.json"))
    assert cli("cohort-summary", *reports, "--outdir", tmp_path).exit_code == 0
    for name in ("ctdna_resist_mechanisms_mqc.yaml", "ctdna_resist_general_stats_mqc.tsv"):
        ours, batch = (tmp_path / name).read_text(), (batch_out / name).read_text()
        if name.endswith(".tsv"):  # batch lists its failed sample too
            batch = "".join(line for line in batch.splitlines(keepends=True)
                            if not line.startswith('"S004"'))
        else:
            batch = batch.replace(" 1 sample failed and is not counted.", "")
        assert ours == batch
