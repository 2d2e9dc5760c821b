"""The pipeline integrations in workflows/: Snakemake runs end to end on the bundled example
cohort; the Nextflow module is checked against its meta.yml and the command line it calls (and
run end to end only where a working `nextflow` is installed)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import ROOT, TEST_DATA

SNAKEMAKE = ROOT / "workflows" / "snakemake"
NEXTFLOW = ROOT / "workflows" / "nextflow"
MODULE = NEXTFLOW / "modules" / "ctdna_resist"
BIN = Path(sys.executable).parent


def tool_env(tmp_path: Path) -> dict[str, str]:
    """The test's environment with this installation's `ctdna-resist` first on PATH."""
    return {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}",
            "XDG_CACHE_HOME": str(tmp_path / "cache"), "HOME": str(tmp_path / "home")}


@pytest.mark.slow
def test_snakemake_reports_each_sample_and_the_cohort(tmp_path, cli):
    """Runs the shipped Snakefile and config.yaml as a user would from the repository root."""
    work = tmp_path / "work"
    work.mkdir()
    (work / "test_data").symlink_to(TEST_DATA)
    run = subprocess.run(
        [sys.executable, "-m", "snakemake", "--snakefile", str(SNAKEMAKE / "Snakefile"),
         "--configfile", str(SNAKEMAKE / "config.yaml"), "--cores", "2", "--quiet", "all"],
        cwd=work, env=tool_env(tmp_path), capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stdout + run.stderr
    config = yaml.safe_load((SNAKEMAKE / "config.yaml").read_text())
    results = work / config["outdir"]
    samples = ["PT001_panel", "PT001_vcf", "PT001_on_erlotinib"]
    for sample in samples:
        for suffix in (".json", ".tsv", ".html"):
            assert (results / f"{sample}{suffix}").stat().st_size > 0

    # the aggregate step gives what `batch` gives for the same sheet
    batch_out = tmp_path / "batch"
    assert cli("batch", TEST_DATA / "example_cohort.samplesheet.tsv", "--outdir",
               batch_out).exit_code == 0
    assert (results / "cohort_summary.tsv").read_text() == \
        (batch_out / "cohort_summary.tsv").read_text()
    assert "PT001_on_erlotinib" in (results / "cohort_summary.html").read_text()
