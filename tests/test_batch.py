"""`ctdna-resist batch`: a cohort from a sample sheet, failures isolated, cohort summary."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import counting
from helpers import EXAMPLE_PANEL, TEST_DATA, assert_accounting

#: lines of therapy as a lab's sheet would write them (brand names included), most recent last
THERAPY_LINES = ["erlotinib;osimertinib", "erlotinib", "gefitinib;osimertinib", "osimertinib",
                 "Tarceva;Tagrisso", "afatinib"]


def panel_variant(i: int, broken: bool = False) -> str:
    """The example patient's panel export with VAFs scaled and some alterations absent, so the
    cohort is not 50 copies of one sample. `broken` writes a VAF of 7 (not a fraction)."""
    header, *rows = EXAMPLE_PANEL.read_text().splitlines()
    columns = header.split("\t")
    vaf_at, gene_at, alt_at = (columns.index(c) for c in ("vaf", "gene", "alteration"))
    scale = 0.4 + (i % 7) * 0.3
    out = [header]
    for row in rows:
        cells = row.split("\t")
        if cells[gene_at] == "MET" and i % 3 == 0:
            continue
        if cells[alt_at] == "p.C797S" and i % 4 == 0:
            continue
        if cells[vaf_at].endswith("%"):
            cells[vaf_at] = f"{float(cells[vaf_at][:-1]) * scale:.2f}%"
        out.append("\t".join(cells))
    if broken:
        cells = out[2].split("\t")
        cells[vaf_at] = "7"
        out[2] = "\t".join(cells)
    return "\n".join(out) + "\n"


def write_cohort(folder: Path, n: int, broken: set[int] = frozenset()) -> Path:
    (folder / "panels").mkdir(parents=True)
    lines = ["sample\tinputs\ttherapies"]
    for i in range(n):
        name = f"S{i + 1:03d}"
        (folder / "panels" / f"{name}.tsv").write_text(panel_variant(i, i in broken))
        lines.append(f"{name}\tpanels/{name}.tsv\t{THERAPY_LINES[i % len(THERAPY_LINES)]}")
    sheet = folder / "cohort.tsv"
    sheet.write_text("\n".join(lines) + "\n")
    return sheet


def read_tsv(path: Path) -> list[dict[str, str]]:
    header, *rows = path.read_text().splitlines()
    return [dict(zip(header.split("\t"), row.split("\t"), strict=True)) for row in rows]


def leftovers(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if p.name.endswith(".part")]


def test_fifty_samples_one_broken(cli, tmp_path):
    sheet = write_cohort(tmp_path / "in", 50, broken={16})
    out = tmp_path / "out"
    result = cli("batch", sheet, "--outdir", out, "--jobs", "2")

    assert result.exit_code == 2, result.stderr
    failure_lines = [line for line in result.stderr.splitlines() if line.startswith("sample ")]
    assert len(failure_lines) == 1, result.stderr
    assert failure_lines[0].startswith(
        f"sample S017: {tmp_path}/in/panels/S017.tsv:3: VAF '7' is above 1")
    assert "49 of 50 samples reported" in result.stderr

    reports = sorted(p.stem for p in out.glob("S*.json"))
    assert len(reports) == 49 and "S017" not in reports
    for suffix in (".tsv", ".html"):
        assert sorted(p.stem for p in out.glob(f"S*{suffix}")) == reports
    assert not list(out.glob("S017.*"))
    assert (out / "cohort_summary.html").is_file() and (out / "cohort_summary.tsv").is_file()
    assert leftovers(tmp_path) == []

    # the cohort counts are those of the per-sample reports, recounted here independently
    expected: dict[tuple[str, str], set[str]] = {}
    assessed: dict[str, int] = {}
    for path in out.glob("S*.json"):
        data = json.loads(path.read_text())
        panel = tmp_path / "in" / "panels" / f"{path.stem}.tsv"
        assert_accounting(data, counting.rows("sample")(panel))
        therapy = data["sample"]["therapies"][-1]
        assessed[therapy] = assessed.get(therapy, 0) + 1
        for f in data["findings"]:
            if f["context_match"]:
                expected.setdefault((f"{f['gene']} {f['alteration']}", therapy),
                                    set()).add(data["sample"]["id"])
    rows = read_tsv(out / "cohort_summary.tsv")
    got = {(r["mechanism"], r["therapy"]): set(r["samples"].split(";")) for r in rows}
    assert got == expected
    for r in rows:
        assert int(r["n_samples"]) == len(r["samples"].split(";"))
        assert int(r["n_assessed"]) == assessed[r["therapy"]]
    # MET amplification explains progression on osimertinib in the samples that carry it
    met = got[("MET amplification", "osimertinib")]
    assert met and all(int(s[1:]) % 3 != 1 for s in met)

    html = (out / "cohort_summary.html").read_text()
    assert "How counts are made" in html and "S017" in html and "VAF &#39;7&#39; is above 1" in html


def test_every_sample_reported_exits_0_and_reports_match_report_command(cli, tmp_path):
    out = tmp_path / "out"
    result = cli("batch", TEST_DATA / "example_cohort.samplesheet.tsv", "--outdir", out)
    assert result.exit_code == 0, result.stderr
    assert "3 of 3 samples reported" in result.stderr
    single = tmp_path / "single.json"
    assert cli("report", EXAMPLE_PANEL, "--therapy", "erlotinib", "--therapy", "osimertinib",
               "--sample-id", "PT001_panel", "--html", tmp_path / "s.html",
               "--json", single).exit_code == 0
    assert json.loads((out / "PT001_panel.json").read_text()) == json.loads(single.read_text())
    vcf = json.loads((out / "PT001_vcf.json").read_text())
    assert vcf["sample"]["driver_method"] == "given" and vcf["sample"]["genome"] == "GRCh38"
    on_erlotinib = json.loads((out / "PT001_on_erlotinib.json").read_text())
    assert on_erlotinib["sample"]["tumor_fraction"] == 0.12
    rows = {(r["mechanism"], r["therapy"]): r for r in read_tsv(out / "cohort_summary.tsv")}
    assert rows[("EGFR T790M", "erlotinib")]["samples"] == "PT001_on_erlotinib"
    assert rows[("EGFR C797S", "osimertinib")]["samples"] == "PT001_panel;PT001_vcf"
    assert ("EGFR T790M", "osimertinib") not in rows  # documented for erlotinib only


def test_csv_sheet_with_quotes_and_paths_relative_to_the_sheet(cli, tmp_path):
    folder = tmp_path / "project" / "sheets"
    folder.mkdir(parents=True)
    (tmp_path / "project" / "data").mkdir()
    (tmp_path / "project" / "data" / "pt 1, v2.tsv").write_text(EXAMPLE_PANEL.read_text())
    sheet = folder / "cohort.csv"
    sheet.write_text('\ufeffSample,Inputs,Therapies,Driver,Tumor_Fraction\n'
                     '"PT-1","../data/pt 1, v2.tsv","erlotinib; osimertinib","EGFR L858R",0.2'
                     '\n\n')
    result = cli("batch", sheet, "--outdir", tmp_path / "out")
    assert result.exit_code == 0, result.stderr
    data = json.loads((tmp_path / "out" / "PT-1.json").read_text())
    assert data["sample"]["therapies"] == ["erlotinib", "osimertinib"]
    assert data["sample"]["tumor_fraction"] == 0.2


@pytest.mark.parametrize("sheet,message", [
    ("sample\tinputs\nA\tx.tsv\n", ":1: missing required column(s) therapies"),
    ("sample\tinputs\ttherapies\nA\tx.tsv\terlotinib\na\ty.tsv\terlotinib\n",
     ":3: sample 'a' is named twice (first on line 2)"),
    ("sample\tinputs\ttherapies\n../x\tx.tsv\terlotinib\n",
     ":2: sample '../x' cannot be used as a file name"),
    ("sample\tinputs\ttherapies\n/\tx.tsv\terlotinib\n",
     ":2: sample '/' cannot be used as a file name"),
    ("sample\tinputs\ttherapies\n.hidden\tx.tsv\terlotinib\n",
     ":2: sample '.hidden' cannot be used as a file name"),
    ("sample\tinputs\ttherapies\nA\tx.tsv\terlotinib\n\tx.tsv\terlotinib\n",
     ":3: empty sample name"),
    ("sample\tinputs\ttherapies\ncohort_summary\tx.tsv\terlotinib\n",
     ":2: sample 'cohort_summary' would overwrite the cohort summary"),
    ("sample\tinputs\ttherapies\nrun_mqc\tx.tsv\terlotinib\n",
     ":2: sample 'run_mqc': names ending in _mqc are MultiQC's own inputs"),
    ("sample\tinputs\ttherapies\nA\tx.tsv\terlotinib\textra\n",
     ":2: 4 cells but the header has 3 columns"),
    ("sample\tinputs\ttherapies\n", "has a header but no samples"),
    ("sample\tinputs\ttherapy\nA\tx.tsv\terlotinib\n",
     ":1: missing required column(s) therapies; unknown column(s) therapy (did you mean "
     "therapies?)"),
    ("sample\tinputs\ttherapies\tnotes\tBAM file\nA\tx.tsv\terlotinib\tok\tx.bam\n",
     ":1: unknown column(s) notes, bam_file (the header has: sample, "
     "inputs, therapies, notes, bam_file; required: sample, inputs, therapies; optional: "
     "driver, tumor_type, tumor_fraction, genome, input_sample, bam)"),
])
def test_invalid_sheet_exits_2_before_any_work(cli, tmp_path, sheet, message):
    path = tmp_path / "sheet.tsv"
    path.write_text(sheet)
    out = tmp_path / "out"
    result = cli("batch", path, "--outdir", out)
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(f"ctdna-resist: error: {path}") and message in lines[0]
    assert not out.exists()


def test_bad_values_fail_their_sample_only(cli, tmp_path):
    (tmp_path / "pt.tsv").write_text(EXAMPLE_PANEL.read_text())
    sheet = tmp_path / "sheet.tsv"
    sheet.write_text("sample\tinputs\ttherapies\ttumor_fraction\tgenome\n"
                     "good\tpt.tsv\tosimertinib\t\t\n"
                     "tf\tpt.tsv\tosimertinib\thigh\t\n"
                     "drug\tpt.tsv\tosimertenib\t\t\n"
                     "build\tpt.tsv\tosimertinib\t\thg19\n"
                     "missing\tnope.tsv\tosimertinib\t\t\n"
                     "none\t\tosimertinib\t\t\n")
    out = tmp_path / "out"
    result = cli("batch", sheet, "--outdir", out, "--jobs", "3")
    assert result.exit_code == 2
    failures = [line for line in result.stderr.splitlines() if line.startswith("sample ")]
    assert failures == [
        f"sample tf: {sheet}:3: tumor_fraction 'high' is not a fraction in (0, 1] or a "
        "percentage such as 12%",
        failures[1],
        f"sample build: {sheet}:5: genome 'hg19' must be GRCh37 or GRCh38",
        f"sample missing: {tmp_path}/nope.tsv: no such file",
        f"sample none: {sheet}:7: no inputs given",
    ]
    assert failures[1].startswith(f"sample drug: {sheet}:4: --therapy: unknown drug 'osimertenib'")
    assert "osimertinib" in failures[1]
    assert sorted(p.name for p in out.iterdir()) == [
        "cohort_summary.html", "cohort_summary.tsv", "ctdna_resist_general_stats_mqc.tsv",
        "ctdna_resist_mechanisms_mqc.yaml", "good.html", "good.json", "good.tsv"]


def test_failed_sample_leaves_no_stale_report(cli, tmp_path):
    panel = tmp_path / "pt.tsv"
    panel.write_text(EXAMPLE_PANEL.read_text())
    sheet = tmp_path / "sheet.tsv"
    sheet.write_text("sample\tinputs\ttherapies\nPT1\tpt.tsv\tosimertinib\n")
    out = tmp_path / "out"
    assert cli("batch", sheet, "--outdir", out).exit_code == 0
    assert (out / "PT1.html").is_file()
    panel.write_text("gene\talteration\tvaf\nEGFR\tT790M\t7\n")  # corrected the wrong way
    result = cli("batch", sheet, "--outdir", out)
    assert result.exit_code == 2
    assert not list(out.glob("PT1.*"))
    assert "PT1" in (out / "cohort_summary.html").read_text()
    assert read_tsv(out / "cohort_summary.tsv") == []


def test_internal_error_in_one_sample_exits_1_and_others_are_reported(tmp_path, monkeypatch):
    from ctdna_resist.api import _sample
    from ctdna_resist.api import batch as run_batch

    real = _sample.annotate

    def annotate(request):
        if request.sample_id == "S002":
            raise ZeroDivisionError("division by zero")
        return real(request)

    monkeypatch.setattr(_sample, "annotate", annotate)
    sheet = write_cohort(tmp_path / "in", 3, broken={2})
    result = run_batch(sheet, tmp_path / "out", jobs=1)
    assert [(o.sample, o.exit_code) for o in result.outcomes] == [
        ("S001", 0), ("S002", 1), ("S003", 2)]
    assert result.outcomes[1].message == "internal error: ZeroDivisionError: division by zero"
    assert result.exit_code == 1
    assert (tmp_path / "out" / "S001.json").is_file()


def test_cohort_summary_escapes_input_in_failure_reasons(cli, tmp_path):
    (tmp_path / "bad.tsv").write_text("gene\talteration\nEGFR\t<script>alert(1)</script>\n")
    sheet = tmp_path / "sheet.csv"
    sheet.write_text("sample,inputs,therapies\nX1,bad.tsv,osimertinib\n")
    result = cli("batch", sheet, "--outdir", tmp_path / "out")
    assert result.exit_code == 2
    html = (tmp_path / "out" / "cohort_summary.html").read_text()
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_progress_is_quiet_when_stderr_is_not_a_terminal(cli, tmp_path):
    result = cli("batch", TEST_DATA / "example_cohort.samplesheet.tsv", "--outdir",
                 tmp_path / "out", "--jobs", "2")
    assert result.exit_code == 0
    assert "\r" not in result.stderr and result.stderr.count("\n") == 1
    assert result.stdout == ""


def test_cohort_summary_command_matches_batch(cli, tmp_path):
    out = tmp_path / "batch"
    assert cli("batch", TEST_DATA / "example_cohort.samplesheet.tsv", "--outdir",
               out).exit_code == 0
    again = tmp_path / "again"
    result = cli("cohort-summary", *sorted(out.glob("PT*.json")), "--outdir", again)
    assert result.exit_code == 0, result.stderr
    assert (again / "cohort_summary.tsv").read_text() == (out / "cohort_summary.tsv").read_text()
    assert (again / "cohort_summary.html").is_file()


def test_cohort_summary_command_rejects_what_it_cannot_count(cli, tmp_path):
    out = tmp_path / "batch"
    cli("batch", TEST_DATA / "example_cohort.samplesheet.tsv", "--outdir", out)
    report = out / "PT001_panel.json"
    twice = cli("cohort-summary", report, report, "--outdir", tmp_path / "s")
    assert twice.exit_code == 2 and "sample 'PT001_panel' is also reported in" in twice.stderr
    not_json = tmp_path / "x.json"
    not_json.write_text("{\n  oops\n")
    bad = cli("cohort-summary", not_json, "--outdir", tmp_path / "s")
    assert bad.exit_code == 2 and f"{not_json}:2: is not JSON" in bad.stderr
    other = tmp_path / "other.json"
    other.write_text('{"schema_version": "9"}')
    wrong = cli("cohort-summary", other, "--outdir", tmp_path / "s")
    assert wrong.exit_code == 2 and "is not a ctdna-resist report" in wrong.stderr
    assert not (tmp_path / "s").exists()


def test_a_sample_that_kills_its_process_fails_alone(tmp_path, monkeypatch):
    """A crash in a compiled library ends the worker process; the other samples still run."""
    import multiprocessing
    import os

    from ctdna_resist.api import _sample
    from ctdna_resist.api import batch as run_batch

    if multiprocessing.get_start_method() != "fork":
        pytest.skip("workers inherit the patched function only when forked")
    real = _sample.annotate

    def annotate(request):
        if request.sample_id == "S004":
            os._exit(11)
        return real(request)

    monkeypatch.setattr(_sample, "annotate", annotate)
    sheet = write_cohort(tmp_path / "in", 8)
    out = tmp_path / "out"
    result = run_batch(sheet, out, jobs=2)
    assert [o.sample for o in result.failures] == ["S004"]
    assert result.failures[0].exit_code == 1
    assert "ended abruptly" in result.failures[0].message
    assert result.exit_code == 1
    assert len(list(out.glob("S*.html"))) == 7 and leftovers(tmp_path) == []


def test_progress_bar_on_a_terminal(tmp_path):
    import os
    import pty
    import subprocess
    import sys

    command = Path(sys.executable).parent / "ctdna-resist"
    master, slave = pty.openpty()
    run = subprocess.run([command, "batch", TEST_DATA / "example_cohort.samplesheet.tsv",
                          "--outdir", tmp_path / "out", "--jobs", "2"], stderr=slave,
                         stdout=subprocess.PIPE, timeout=120)
    os.close(slave)
    seen = b""
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:  # the terminal's other end is closed: all read
            break
        if not chunk:
            break
        seen += chunk
    os.close(master)
    assert run.returncode == 0 and run.stdout == b""
    text = seen.decode()
    assert "samples" in text and "3/3" in text
    assert "3 of 3 samples reported" in text


def test_bam_and_tumor_type_columns_reach_each_sample(cli, tmp_path):
    """A BAM in the sheet phases that sample's EGFR C797S with T790M (relative to the sheet's
    folder, like the inputs); a sample without one stays undetermined; tumour type per row."""
    from bamfixtures import fragments, make_bam

    (tmp_path / "reads").mkdir()
    make_bam(tmp_path / "reads" / "trans.bam", fragments(t790m_only=9, c797s_only=6,
                                                          neither=150))
    sheet = tmp_path / "sheet.tsv"
    sheet.write_text("sample\ttumor_type\tinputs\ttherapies\tbam\n"
                     f"phased\tNSCLC\t{TEST_DATA / 'example_patient.vep.vcf.gz'}\t"
                     "erlotinib;osimertinib\treads/trans.bam\n"
                     f"unphased\tcolorectal cancer\t{TEST_DATA / 'example_patient.vep.vcf.gz'}\t"
                     "erlotinib;osimertinib\t\n")
    out = tmp_path / "out"
    result = cli("batch", sheet, "--outdir", out)
    assert result.exit_code == 0, result.stderr

    def c797s(sample: str) -> dict:
        data = json.loads((out / f"{sample}.json").read_text())
        return data, next(f for f in data["findings"] if f["alteration"] == "C797S")

    phased, finding = c797s("phased")
    assert finding["phase"]["call"] == "trans"
    assert finding["phase"]["reads"]["other_only"] == 9
    assert phased["sample"]["tumor_type"] == "NSCLC"
    unphased, finding = c797s("unphased")
    assert finding["phase"]["call"] == "undetermined"
    assert unphased["sample"]["tumor_type"] == "colorectal cancer"
    assert "tumor_type_outside_kb" in finding["flags"]


def test_missing_bam_fails_that_sample_only(cli, tmp_path):
    sheet = tmp_path / "sheet.tsv"
    sheet.write_text("sample\tinputs\ttherapies\tbam\n"
                     f"A\t{TEST_DATA / 'example_patient.vep.vcf.gz'}\tosimertinib\tnope.bam\n"
                     f"B\t{TEST_DATA / 'example_patient.vep.vcf.gz'}\tosimertinib\t\n")
    result = cli("batch", sheet, "--outdir", tmp_path / "out")
    assert result.exit_code == 2
    assert f"sample A: {tmp_path}/nope.bam: no such file (--bam)" in result.stderr
    assert (tmp_path / "out" / "B.json").is_file()


def test_outcome_records_let_cohort_summary_list_failed_samples(cli, tmp_path):
    """A pipeline's per-sample step (`report --outcome`) leaves a record whether the sample is
    reported or fails; `cohort-summary` over the records counts the reported ones and lists
    the failed ones, as batch does for the same samples."""
    (tmp_path / "logs").mkdir()
    good = cli("report", EXAMPLE_PANEL, "--therapy", "osimertinib", "--sample-id", "good",
               "--html", tmp_path / "good.html", "--json", tmp_path / "good.json",
               "--outcome", tmp_path / "logs" / "good.json")
    assert good.exit_code == 0, good.stderr
    bad = cli("report", tmp_path / "absent.tsv", "--therapy", "osimertinib", "--sample-id",
              "bad", "--html", tmp_path / "bad.html", "--json", tmp_path / "bad.json",
              "--outcome", tmp_path / "logs" / "bad.json")
    assert bad.exit_code == 2 and not (tmp_path / "bad.json").exists()
    records = {p.stem: json.loads(p.read_text()) for p in (tmp_path / "logs").iterdir()}
    assert records["good"] | {"ctdna_resist_outcome": None} == {
        "ctdna_resist_outcome": None, "sample": "good", "status": "reported", "exit_code": 0,
        "message": None, "report": "../good.json"}
    assert (records["bad"]["status"], records["bad"]["exit_code"]) == ("failed", 2)
    assert records["bad"]["message"] == f"{tmp_path}/absent.tsv: no such file"

    out = tmp_path / "summary"
    result = cli("cohort-summary", tmp_path / "logs" / "good.json",
                 tmp_path / "logs" / "bad.json", "--outdir", out)
    assert result.exit_code == 0, result.stderr
    html = (out / "cohort_summary.html").read_text()
    assert "Samples not reported" in html and "absent.tsv: no such file" in html
    sheet = tmp_path / "sheet.tsv"
    sheet.write_text(f"sample\tinputs\ttherapies\ngood\t{EXAMPLE_PANEL}\tosimertinib\n"
                     "bad\tabsent.tsv\tosimertinib\n")
    assert cli("batch", sheet, "--outdir", tmp_path / "batch").exit_code == 2
    for name in ("cohort_summary.tsv", "ctdna_resist_general_stats_mqc.tsv"):
        assert (out / name).read_text() == (tmp_path / "batch" / name).read_text()

    # a record is counted once, like a report; one naming another sample's report is refused
    twice = cli("cohort-summary", tmp_path / "logs" / "good.json", tmp_path / "good.json",
                "--outdir", tmp_path / "x")
    assert twice.exit_code == 2 and "sample 'good' is also reported in" in twice.stderr
    forged = tmp_path / "forged.json"
    forged.write_text(json.dumps({**records["good"], "sample": "other",
                                  "report": "good.json"}))
    wrong = cli("cohort-summary", forged, "--outdir", tmp_path / "x")
    assert wrong.exit_code == 2 and "names sample 'other' but its report" in wrong.stderr
