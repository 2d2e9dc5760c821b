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

from helpers import ROOT, TEST_DATA

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
    assert_reports_like_batch(results, tmp_path, cli)
    assert "PT001_on_erlotinib" in (results / "cohort_summary.html").read_text()


def assert_reports_like_batch(results: Path, tmp_path: Path, cli) -> None:
    """Every sample of the example cohort reported, and the workflow's aggregate step giving
    what `batch` gives for the same sheet."""
    for sample in ("PT001_panel", "PT001_vcf", "PT001_on_erlotinib"):
        for suffix in (".json", ".tsv", ".html"):
            assert (results / f"{sample}{suffix}").stat().st_size > 0
    batch_out = tmp_path / "batch"
    assert cli("batch", TEST_DATA / "example_cohort.samplesheet.tsv", "--outdir",
               batch_out).exit_code == 0
    assert (results / "cohort_summary.tsv").read_text() == \
        (batch_out / "cohort_summary.tsv").read_text()


# --- Nextflow -------------------------------------------------------------------------------

SECTIONS = ("input", "output", "when", "script", "stub", "exec", "shell")
OPTION = re.compile(r"(?<![\w-])--[a-z][a-z-]*")


def process_section(text: str, name: str) -> str:
    """The body of one section (`input:`, `output:`, `script:` ...) of the first process."""
    match = re.search(rf"^\s*{name}:\s*$(.*?)(?=^\s*(?:{'|'.join(SECTIONS)}):\s*$|^}})", text,
                      re.M | re.S)
    assert match, f"no {name}: section"
    return match.group(1)


def code_lines(block: str) -> list[str]:
    return [line.strip() for line in block.splitlines()
            if line.strip() and not line.strip().startswith("//")]


def module_inputs(text: str) -> list[list[tuple[str, str]]]:
    """`tuple val(meta), path(inputs)` -> [[("val", "meta"), ("path", "inputs")]], per channel."""
    return [re.findall(r"\b(val|path|env)\(\s*(\w+)\s*\)", line)
            for line in code_lines(process_section(text, "input"))]


def module_outputs(text: str) -> dict[str, list[str]]:
    """emit name -> the channel's elements (`meta`, then file patterns as written)."""
    outputs = {}
    for line in code_lines(process_section(text, "output")):
        emit = re.search(r"emit:\s*(\w+)", line)
        assert emit, f"output without emit: {line}"
        elements = [a or b or c for a, b, c in re.findall(
            r'val\((\w+)\)|path\(\s*"([^"]+)"\s*\)|path\s+"([^"]+)"', line)]
        outputs[emit.group(1)] = elements
    return outputs


def names(channel: list[dict]) -> list[str]:
    return [next(iter(element)) for element in channel]


def test_nextflow_meta_yml_describes_the_module_inputs_and_outputs():
    text = (MODULE / "main.nf").read_text()
    meta = yaml.safe_load((MODULE / "meta.yml").read_text())
    assert meta["name"] == "ctdna_resist"

    inputs = module_inputs(text)
    assert [names(channel) for channel in meta["input"]] == \
        [[name for _, name in channel] for channel in inputs]
    for channel, described in zip(inputs, meta["input"], strict=True):
        for (kind, name), element in zip(channel, described, strict=True):
            declared = element[name]["type"]
            if kind == "path":
                assert declared in ("file", "directory"), name
            else:
                assert declared not in ("file", "directory"), name
            assert element[name]["description"].strip()

    outputs = module_outputs(text)
    described = {next(iter(item)): names(next(iter(item.values()))) for item in meta["output"]}
    assert described == outputs
    assert "versions" in outputs


def test_nextflow_module_calls_options_the_command_line_has(cli):
    import click

    from ctdna_resist.cli import cli as group

    module = (MODULE / "main.nf").read_text()
    script = process_section(module, "script")
    command, _, versions = script.partition("cat <<-END_VERSIONS")
    assert re.findall(r"ctdna-resist (\w[\w-]*)", command) == ["report"]
    config = (NEXTFLOW / "nextflow.config").read_text()
    used = set(OPTION.findall(command)) | set(OPTION.findall(config))
    report_help = cli("report", "--help").stdout
    assert used and used <= set(OPTION.findall(report_help)), used - set(
        OPTION.findall(report_help))
    required = {opt for p in group.commands["report"].params
                if isinstance(p, click.Option) and p.required for opt in p.opts}
    assert required & used == {o for o in required if o.startswith("--")}

    # the workflow's aggregate step
    workflow = (NEXTFLOW / "main.nf").read_text()
    aggregate = process_section(workflow, "script")
    assert re.findall(r"ctdna-resist (\w[\w-]*)", aggregate) == ["cohort-summary"]
    assert set(OPTION.findall(aggregate)) <= set(OPTION.findall(
        cli("cohort-summary", "--help").stdout))

    # versions.yml gets the bare version number
    expression = re.search(r"ctdna-resist: \\\$\((.*)\)", versions).group(1)
    run = subprocess.run(["bash", "-c", f"echo $({expression})"], capture_output=True,
                         text=True, env={**os.environ, "PATH": f"{BIN}{os.pathsep}"
                                         f"{os.environ.get('PATH', '')}"})
    from ctdna_resist import __version__

    assert run.stdout.strip() == __version__, run.stderr


def test_workflows_read_the_sample_sheet_columns_batch_reads():
    from ctdna_resist.sheets import BATCH_OPTIONAL, BATCH_REQUIRED

    columns = {*BATCH_REQUIRED, *BATCH_OPTIONAL}
    nextflow = (NEXTFLOW / "main.nf").read_text()
    assert set(re.findall(r"\br\.(\w+)\b(?!\s*\()", nextflow)) == columns  # cells read
    listed = re.search(r"def required = (\[[^]]*\])\s*def accepted = required \+ (\[[^]]*\])",
                       nextflow)
    required, optional = (re.findall(r"'(\w+)'", group) for group in listed.groups())
    assert (required, optional) == (list(BATCH_REQUIRED), list(BATCH_OPTIONAL))
    meta_keys = set(re.findall(r"^\s*(\w+)\s*:", nextflow.split("def meta = [")[1].split("]")[0],
                               re.M))
    assert set(re.findall(r"\bmeta\.(\w+)", (NEXTFLOW / "nextflow.config").read_text())) <= \
        meta_keys
    snakefile = (SNAKEMAKE / "Snakefile").read_text()
    used = set(re.findall(r'row\["(\w+)"\]', snakefile)) | \
        set(re.findall(r'\("(\w+)", "--[a-z-]+"\)', snakefile))
    assert used == columns
    profile = re.search(r'params\.samplesheet = "\$\{projectDir\}/([^"]+)"',
                        (NEXTFLOW / "nextflow.config").read_text()).group(1)
    assert (NEXTFLOW / profile).resolve() == (TEST_DATA / "example_cohort.samplesheet.tsv")


def nextflow_or_reason() -> tuple[str | None, str]:
    exe = shutil.which("nextflow")
    why = ("the Nextflow launcher downloads its runtime on first use, which needs network; "
           "install Nextflow where it can run to test the workflow end to end")
    if exe is None:
        return None, f"nextflow is not installed ({why})"
    try:
        run = subprocess.run([exe, "-version"], capture_output=True, text=True, timeout=120,
                             env={**os.environ, "NXF_OFFLINE": "true"})
    except subprocess.TimeoutExpired:
        return None, f"nextflow -version did not finish ({why})"
    if run.returncode != 0:
        last = (run.stderr or run.stdout).strip().splitlines()[-1:] or [""]
        return None, f"nextflow does not run here: {last[0]} ({why})"
    return exe, ""


@pytest.mark.slow
def test_nextflow_workflow_end_to_end(tmp_path, cli):
    exe, reason = nextflow_or_reason()
    if exe is None:
        pytest.skip(reason)
    results = tmp_path / "results"
    run = subprocess.run([exe, "run", str(NEXTFLOW / "main.nf"), "-profile", "test",
                          "--outdir", str(results)], cwd=tmp_path,
                         env={**tool_env(tmp_path), "NXF_OFFLINE": "true"},
                         capture_output=True, text=True, timeout=900)
    assert run.returncode == 0, run.stdout + run.stderr
    assert_reports_like_batch(results, tmp_path, cli)
