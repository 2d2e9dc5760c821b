"""The pipeline integrations in workflows/: Snakemake runs end to end (the README example, a
--keep-going run with failures, sheet errors, BAMs); the Nextflow files are parsed as Groovy,
the module's script and stub run as Nextflow would hand them to bash, and it is checked against
its meta.yml and the command line it calls (run end to end only where a working `nextflow` is
installed: no registry reachable here has its runtime)."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
import yaml

from helpers import EXAMPLE_VCF, ROOT, TEST_DATA

SNAKEMAKE = ROOT / "workflows" / "snakemake"
NEXTFLOW = ROOT / "workflows" / "nextflow"
MODULE = NEXTFLOW / "modules" / "ctdna_resist"
BIN = Path(sys.executable).parent


def tool_env(tmp_path: Path) -> dict[str, str]:
    """The test's environment with this installation's `ctdna-resist` first on PATH."""
    return {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}",
            "XDG_CACHE_HOME": str(tmp_path / "cache"), "HOME": str(tmp_path / "home")}


def snakemake(work: Path, tmp_path: Path, *args: str, config: Path | None = None,
              timeout: int = 300) -> subprocess.CompletedProcess:
    """The shipped Snakefile run from `work`, as a user would from the repository root."""
    return subprocess.run(
        [sys.executable, "-m", "snakemake", "--snakefile", str(SNAKEMAKE / "Snakefile"),
         "--configfile", str(config or SNAKEMAKE / "config.yaml"), *args],
        cwd=work, env=tool_env(tmp_path), capture_output=True, text=True, timeout=timeout)


@pytest.mark.slow
def test_snakemake_reports_each_sample_and_the_cohort(tmp_path, cli):
    """The README's command on the bundled example cohort: every report, the cohort summary
    and the MultiQC files, and a log without an exception or error."""
    work = tmp_path / "work"
    work.mkdir()
    (work / "test_data").symlink_to(TEST_DATA)
    run = snakemake(work, tmp_path, "-c", "2")
    assert run.returncode == 0, run.stdout + run.stderr
    log = run.stdout + run.stderr
    assert not re.search(r"Exception|Error|Traceback|KeyError", log), log
    saved = list((work / ".snakemake" / "log").glob("*.snakemake.log"))
    assert len(saved) == 1 and not re.search(r"Exception|Error|Traceback",
                                             saved[0].read_text())
    config = yaml.safe_load((SNAKEMAKE / "config.yaml").read_text())
    results = work / config["outdir"]
    assert_reports_like_batch(results, tmp_path, cli)
    assert "PT001_on_erlotinib" in (results / "cohort_summary.html").read_text()
    for name in ("ctdna_resist_general_stats_mqc.tsv", "ctdna_resist_mechanisms_mqc.yaml"):
        assert (results / name).read_text() == (tmp_path / "batch" / name).read_text()

    again = snakemake(work, tmp_path, "-c", "2")  # nothing to do: still a clean log
    assert again.returncode == 0 and not re.search(r"Exception|Error",
                                                   again.stdout + again.stderr)


def cohort_with_two_failures(folder: Path) -> Path:
    """Five samples: three good, one whose input file is missing, one with a VAF of 7."""
    from helpers import EXAMPLE_PANEL

    (folder / "in").mkdir(parents=True)
    for name in ("a", "b", "c"):
        (folder / "in" / f"{name}.tsv").write_text(EXAMPLE_PANEL.read_text())
    (folder / "in" / "bad.tsv").write_text("gene\talteration\tvaf\nEGFR\tT790M\t7\n")
    sheet = folder / "in" / "sheet.tsv"
    sheet.write_text("sample\tinputs\ttherapies\n"
                     "A\ta.tsv\terlotinib;osimertinib\nB\tb.tsv\tosimertinib\n"
                     "MISSING\tmissing.tsv\tosimertinib\nC\tc.tsv\terlotinib\n"
                     "BAD\tbad.tsv\tosimertinib\n")
    config = folder / "config.yaml"
    config.write_text(f"samplesheet: {sheet}\noutdir: out\n")
    return config


@pytest.mark.slow
def test_snakemake_keep_going_reports_the_others_and_lists_the_failures(tmp_path, cli):
    config = cohort_with_two_failures(tmp_path)
    run = snakemake(tmp_path, tmp_path, "-c", "2", "--keep-going", config=config)
    log = run.stdout + run.stderr
    assert run.returncode != 0, log  # the run did fail, and says so
    assert "in/missing.tsv: no such file" in log and "in/bad.tsv:2: VAF '7' is above 1" in log
    assert "2 of 5 samples failed (MISSING, BAD)" in log

    out = tmp_path / "out"
    assert sorted(p.name for p in out.glob("*.json")) == ["A.json", "B.json", "C.json"]
    assert not list(out.glob("MISSING.*")) and not list(out.glob("BAD.*"))
    html = (out / "cohort_summary.html").read_text()
    assert "Samples not reported" in html
    assert "missing.tsv: no such file" in html and "VAF &#39;7&#39; is above 1" in html
    # counted as batch counts the same samples
    sheet = tmp_path / "in" / "sheet.tsv"
    batch_out = tmp_path / "batch"
    assert cli("batch", sheet, "--outdir", batch_out).exit_code == 2
    assert (out / "cohort_summary.tsv").read_text() == \
        (batch_out / "cohort_summary.tsv").read_text()
    assert '"MISSING"' in (out / "ctdna_resist_general_stats_mqc.tsv").read_text()


@pytest.mark.slow
def test_snakemake_without_keep_going_stops_at_a_failed_sample(tmp_path):
    config = cohort_with_two_failures(tmp_path)
    run = snakemake(tmp_path, tmp_path, "-c", "1", config=config)
    assert run.returncode != 0
    assert "no such file" in run.stderr or "is above 1" in run.stderr
    assert not (tmp_path / "out" / "cohort_summary.html").exists()


@pytest.mark.parametrize("sheet,message", [
    ("sample\tinputs\ttherapy\nA\ta.tsv\terlotinib\n",
     ":1: missing required column(s) therapies; unknown column(s) therapy (required: sample, "
     "inputs, therapies; optional: "),
    ("sample\tinputs\ttherapies\nA\ta.tsv\terlotinib\na\tb.tsv\terlotinib\n",
     ":3: sample 'a' is named twice"),
    ("sample,inputs,therapies\n../A,a.tsv,erlotinib\n",
     ":2: sample '../A' cannot be used as a file name"),
])
def test_snakemake_sheet_error_is_one_line(tmp_path, sheet, message):
    path = tmp_path / "sheet.tsv"
    path.write_text(sheet)
    config = tmp_path / "config.yaml"
    config.write_text(f"samplesheet: {path}\noutdir: out\n")
    run = snakemake(tmp_path, tmp_path, "-c", "1", config=config)
    assert run.returncode == 1
    lines = [line for line in (run.stdout + run.stderr).splitlines() if line.strip()]
    assert len(lines) == 1, lines
    assert lines[0].startswith(f"ctdna-resist workflow: {path}{message}"), lines[0]


@pytest.mark.slow
def test_snakemake_passes_the_sheets_bam(tmp_path):
    from bamfixtures import fragments, make_bam

    make_bam(tmp_path / "trans.bam", fragments(t790m_only=9, c797s_only=6, neither=150))
    sheet = tmp_path / "sheet.tsv"
    sheet.write_text("sample\tinputs\ttherapies\tbam\n"
                     f"P1\t{EXAMPLE_VCF}\terlotinib;osimertinib\ttrans.bam\n"
                     f"P2\t{EXAMPLE_VCF}\terlotinib;osimertinib\t\n")
    config = tmp_path / "config.yaml"
    config.write_text(f"samplesheet: {sheet}\noutdir: out\n")
    run = snakemake(tmp_path, tmp_path, "-c", "2", config=config)
    assert run.returncode == 0, run.stdout + run.stderr
    calls = {}
    for sample in ("P1", "P2"):
        data = json.loads((tmp_path / "out" / f"{sample}.json").read_text())
        c797s = next(f for f in data["findings"] if f["alteration"] == "C797S")
        calls[sample] = c797s["phase"]["call"]
    assert calls == {"P1": "trans", "P2": "undetermined"}


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


GROOVY_STRING = re.compile(r'\\(.)|\$\{([^}]+)\}')


def task_script(section: str, values: dict[str, str]) -> str:
    """A process's script or stub as Nextflow hands it to bash: the triple-quoted string with
    its indentation stripped, each `${...}` replaced by its value here, `\\$` and `\\\\`
    unescaped. An expression without a value fails the test."""
    body = textwrap.dedent(re.search(r'"""\n(.*?)"""', section, re.S).group(1))

    def replace(match: re.Match) -> str:
        if match.group(1) is not None:
            return match.group(1)
        assert match.group(2) in values, f"no value for ${{{match.group(2)}}}"
        return values[match.group(2)]

    return GROOVY_STRING.sub(replace, body)


def run_task(section: str, folder: Path, values: dict[str, str], tmp_path: Path) -> None:
    script = task_script(section, {"task.process": "CTDNA_RESIST", **values})
    run = subprocess.run(["bash", "-euo", "pipefail", "-c", script], cwd=folder,
                         env=tool_env(tmp_path), capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, script + run.stderr


def staged(folder: Path, *files: Path) -> Path:
    """A task folder with the files linked in under their names, as Nextflow stages them."""
    folder.mkdir(parents=True)
    for path in files:
        (folder / path.name).symlink_to(path)
    return folder


def module_values(module: str, therapies: list[str], bam: str | None) -> dict[str, str]:
    """The values of the script's `def`s for one sample, after checking the `def` lines say
    what is computed here (one --therapy per therapy, --bam only with a BAM)."""
    script = process_section(module, "script")
    assert "def therapy_args = therapies.collect { \"--therapy '${it}'\" }.join(' ')" in script
    assert "def bam_args = bam ? \"--bam '${bam}'\" : ''" in script
    return {"therapy_args": " ".join(f"--therapy '{t}'" for t in therapies),
            "bam_args": f"--bam '{bam}'" if bam else "", "args": ""}


PARSE_GROOVY = """
def shell = new GroovyShell()
args.each { path -> shell.parse(new File(path)); println "parsed ${path}" }
"""


def groovy_parse(tmp_path: Path, *files: Path) -> subprocess.CompletedProcess:
    """Groovy's parser over Nextflow files (Nextflow's DSL is Groovy syntax): catches what a
    run would stop on first, an unbalanced brace or quote, a bad interpolation."""
    from report_support import require_tool

    groovy = require_tool("groovy", "groovy")
    java = shutil.which("java")
    assert java, "java not found (Debian package default-jre-headless)"
    script = tmp_path / "parse.groovy"
    script.write_text(PARSE_GROOVY)
    env = {**os.environ, "JAVA_HOME": str(Path(java).resolve().parents[1])}
    return subprocess.run([groovy, str(script), *map(str, files)], capture_output=True,
                          text=True, env=env, timeout=300)


def test_nextflow_files_parse(tmp_path):
    files = [NEXTFLOW / "main.nf", MODULE / "main.nf", NEXTFLOW / "nextflow.config"]
    run = groovy_parse(tmp_path, *files)
    assert run.returncode == 0, run.stdout + run.stderr
    assert run.stdout.splitlines() == [f"parsed {path}" for path in files]
    # control: the same check on a copy with one parenthesis dropped fails, naming the line
    broken = tmp_path / "broken.nf"
    text = (NEXTFLOW / "main.nf").read_text()
    broken.write_text(text.replace("sheet.parent.resolve(r.bam)", "sheet.parent.resolve(r.bam"))
    failed = groovy_parse(tmp_path, broken)
    assert failed.returncode != 0 and f"{broken}: " in failed.stderr


def test_nextflow_module_script_and_stub_run_and_make_the_declared_outputs(tmp_path):
    """Without a Nextflow runtime here, the module's script and stub are rendered as Nextflow
    would for two samples, one with a BAM, and run with bash: each makes every output the
    output section declares, versions.yml names the version, and the BAM phases C797S."""
    from bamfixtures import fragments, make_bam
    from ctdna_resist import __version__

    module = (MODULE / "main.nf").read_text()
    declared = [element.replace("${prefix}", "{}") for channel in module_outputs(module).values()
                for element in channel if element != "meta"]
    (tmp_path / "reads").mkdir()
    bam = make_bam(tmp_path / "reads" / "P1.bam",
                   fragments(t790m_only=9, c797s_only=6, neither=150))
    index = next(bam.parent.glob("P1.bam.*"))
    calls = {}
    for sample, files, reads in (("P1", [EXAMPLE_VCF, bam, index], bam.name),
                                 ("P2", [EXAMPLE_VCF], None)):
        work = staged(tmp_path / "work" / sample, *files)
        values = {"prefix": sample, "meta.id": sample, "inputs": EXAMPLE_VCF.name,
                  **module_values(module, ["erlotinib", "osimertinib"], reads)}
        run_task(process_section(module, "script"), work, values, tmp_path)
        for name in declared:
            assert (work / name.format(sample)).stat().st_size > 0, name
        versions = yaml.safe_load((work / "versions.yml").read_text())
        assert versions == {"CTDNA_RESIST": {"ctdna-resist": __version__}}
        data = json.loads((work / f"{sample}.json").read_text())
        calls[sample] = next(f["phase"]["call"] for f in data["findings"]
                             if f["alteration"] == "C797S")

        stub = staged(tmp_path / "stub" / sample)
        run_task(process_section(module, "stub"), stub, {"prefix": sample}, tmp_path)
        assert sorted(p.name for p in stub.iterdir()) == sorted(
            name.format(sample) for name in declared)
    assert calls == {"P1": "trans", "P2": "undetermined"}


def test_nextflow_workflow_passes_a_bam_with_its_index():
    workflow = (NEXTFLOW / "main.nf").read_text()
    assert "return [meta, inputs, bam ?: [], bai ?: [], split(r.therapies)]" in workflow
    # the index names samtools and pysam look for next to x.bam
    assert '["${name}.bai", name.replaceAll(/\\.bam$/, \'.bai\'), "${name}.csi"]' in workflow
    module = (MODULE / "main.nf").read_text()
    assert [name for _, name in module_inputs(module)[0]] == [
        "meta", "inputs", "bam", "bai", "therapies"]


def test_workflows_read_the_sample_sheet_columns_batch_reads(cli):
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
    listed = {name: re.findall(r'"(\w+)"', re.search(rf"^{name} = \[([^]]*)\]", snakefile,
                                                      re.M).group(1))
              for name in ("REQUIRED", "OPTIONAL")}
    assert listed == {"REQUIRED": list(BATCH_REQUIRED), "OPTIONAL": list(BATCH_OPTIONAL)}
    options = dict(re.findall(r'"(\w+)": "(--[a-z-]+)"', snakefile))
    assert set(options) | {"bam"} == set(BATCH_OPTIONAL)
    report_help = set(OPTION.findall(cli("report", "--help").stdout))
    assert {*options.values(), "--bam", "--outcome"} <= report_help
    profile = re.search(r'params\.samplesheet = "\$\{projectDir\}/([^"]+)"',
                        (NEXTFLOW / "nextflow.config").read_text()).group(1)
    assert (NEXTFLOW / profile).resolve() == (TEST_DATA / "example_cohort.samplesheet.tsv")


def nextflow_or_reason() -> tuple[str | None, str]:
    exe = shutil.which("nextflow")
    why = ("no package registry reachable here carries Nextflow's runtime, and its launcher "
           "downloads it on first use; workflows/nextflow/README.md says how the workflow is "
           "checked instead")
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
