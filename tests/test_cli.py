"""The walking skeleton's contract, through the command line a pipeline calls."""

import json

import pytest

from counting import alleles, rows
from helpers import EXAMPLE_PANEL, EXAMPLE_THERAPIES, EXAMPLE_VCF, assert_accounting


def _finding(data, gene, alteration):
    return next(f for f in data["findings"] if (f["gene"], f["alteration"]) == (gene, alteration))


def test_example_panel_explains_osimertinib_progression(cli):
    data = cli.annotate(EXAMPLE_PANEL, *EXAMPLE_THERAPIES)
    assert data["schema_version"] == "1.2"
    assert data["sample"]["therapies"] == ["erlotinib", "osimertinib"]
    assert data["sample"]["driver"] == {"gene": "EGFR", "alteration": "L858R"}

    met = _finding(data, "MET", "amplification")
    assert met["category"] == "bypass"
    assert met["context_match"] is True
    assert met["plasma_copy_number"] == 8.2
    regimens = {o["regimen"]: o for o in met["rescue_options"]}
    assert "savolitinib + osimertinib" in regimens
    assert "NCT03778229" in regimens["savolitinib + osimertinib"]["trials"]
    assert all("osimertinib" in o["drugs"] for o in met["rescue_options"])

    others = {(o["gene"], o["alteration"]): o for o in data["other_alterations"]}
    assert ("DNMT3A", "R882H") in others and ("TP53", "R273H") in others
    assert "possible_chip" in others[("DNMT3A", "R882H")]["flags"]
    assert data["accounting"]["input_records"] == 7


def test_therapy_order_decides_context_match(cli):
    """T790M explains erlotinib resistance, not osimertinib's: the last therapy is assessed."""
    on_osimertinib = cli.annotate(EXAMPLE_PANEL, *EXAMPLE_THERAPIES)
    assert _finding(on_osimertinib, "EGFR", "T790M")["context_match"] is False
    assert _finding(on_osimertinib, "EGFR", "C797S")["context_match"] is True
    on_erlotinib = cli.annotate(EXAMPLE_PANEL, "--therapy", "Tarceva")
    assert _finding(on_erlotinib, "EGFR", "T790M")["context_match"] is True
    assert _finding(on_erlotinib, "EGFR", "C797S")["context_match"] is False
    rescue = _finding(on_erlotinib, "EGFR", "T790M")["rescue_options"]
    assert [o["regimen"] for o in rescue if "reviews" in o["kb_sources"]] == ["osimertinib"]


def test_brand_names_and_codes_are_normalised_in_output(cli):
    data = cli.annotate(EXAMPLE_PANEL, "--therapy", "Tarceva", "--therapy", "AZD9291")
    assert data["sample"]["therapies"] == ["erlotinib", "osimertinib"]


def _summary(data):
    return sorted((f["gene"], f["alteration"], f["hgvs_p"], f["category"], f["context_match"],
                   f["vaf"], f["plasma_copy_number"], f["kb_entry"],
                   tuple(o["regimen"] for o in f["rescue_options"]))
                  for f in data["findings"])


def test_vcf_and_panel_give_the_same_findings(cli):
    from_panel = cli.annotate(EXAMPLE_PANEL, *EXAMPLE_THERAPIES)
    from_vcf = cli.annotate(EXAMPLE_VCF, *EXAMPLE_THERAPIES)
    assert _summary(from_vcf) == _summary(from_panel)
    assert from_vcf["sample"]["genome"] == "GRCh38"
    assert {(o["gene"], o["alteration"]) for o in from_vcf["other_alterations"]} == \
        {(o["gene"], o["alteration"]) for o in from_panel["other_alterations"]}


def test_driver_is_inferred_or_says_why_not(cli, tmp_path):
    data = cli.annotate(EXAMPLE_PANEL)
    assert data["sample"]["driver"] is None
    assert data["sample"]["driver_method"].startswith("not inferred")
    two = tmp_path / "two_drivers.tsv"
    two.write_text("gene\talteration\tvaf\nEGFR\tL858R\t0.1\nEGFR\tE746_A750del\t0.05\n")
    data = cli.annotate(two, "--therapy", "osimertinib")
    assert data["sample"]["driver"] is None
    assert "several candidate drivers" in data["sample"]["driver_method"]
    given = cli.annotate(two, "--therapy", "osimertinib", "--driver", "EGFR exon 19 deletion")
    assert given["sample"]["driver"] == {"gene": "EGFR", "alteration": "exon 19 deletion"}


def test_tsv_has_one_row_per_finding(cli, tmp_path):
    out_json, out_tsv = tmp_path / "o.json", tmp_path / "o.tsv"
    result = cli("annotate", EXAMPLE_PANEL, *EXAMPLE_THERAPIES, "-o", out_json,
                 "--tsv", out_tsv)
    assert result.exit_code == 0, result.stderr
    data = json.loads(out_json.read_text())
    lines = out_tsv.read_text().splitlines()
    header = lines[0].split("\t")
    assert header[:3] == ["sample_id", "gene", "alteration"]
    assert len(lines) == 1 + len(data["findings"])
    row = dict(zip(header, lines[1].split("\t"), strict=True))
    assert row["gene"] == data["findings"][0]["gene"]
    assert json.loads(row["rescue_options"])[0]["regimen"] == \
        data["findings"][0]["rescue_options"][0]["regimen"]


def test_every_tsv_cell_reads_back_as_its_json_value(cli, tmp_path):
    """As the TSV section of docs/json-output.md says to read it: a list of strings split at
    `;`, except `sources`, whose CIViC citations hold `;` (a JSON array); nested values JSON."""
    out_json, out_tsv = tmp_path / "o.json", tmp_path / "o.tsv"
    result = cli("annotate", EXAMPLE_VCF, *EXAMPLE_THERAPIES, "-o", out_json, "--tsv", out_tsv)
    assert result.exit_code == 0, result.stderr
    findings = json.loads(out_json.read_text())["findings"]
    lines = out_tsv.read_text().splitlines()
    header = lines[0].split("\t")
    assert any(";" in s for f in findings for s in f["sources"])  # the case that matters
    for line, finding in zip(lines[1:], findings, strict=True):
        for column, text in zip(header[1:], line.split("\t")[1:], strict=True):
            value = finding[column]
            if isinstance(value, list) and value and all(isinstance(v, str) for v in value):
                read = json.loads(text) if column == "sources" else text.split(";")
                assert read == value, column
            elif isinstance(value, list | dict) and value:
                assert json.loads(text) == value, column


@pytest.mark.parametrize("content,message", [
    ("alteration\tvaf\nT790M\t0.1\n", "missing required column(s) gene"),
    ("gene\talteration\tvaf\nEGFR\tT790M\t7\n", ":2: VAF '7' is above 1"),
    ("gene\talteration\tvaf\nEGFR\tT790M\t0.1\nEGFR\tC797S\t-0.2\n", ":3: VAF '-0.2' is negative"),
    ("gene\talteration\nEGFR\tnot a change\n", ":2: cannot read alteration 'not a change'"),
])
def test_invalid_panel_exits_2_with_one_line(cli, tmp_path, content, message):
    path = tmp_path / "bad.tsv"
    path.write_text(content)
    result = cli("annotate", path, "-o", "-")
    assert result.exit_code == 2
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert str(path) in lines[0] and message in lines[0]


def test_missing_file_and_folder_exit_2(cli, tmp_path):
    missing = cli("annotate", tmp_path / "nope.tsv", "-o", "-")
    assert missing.exit_code == 2 and "no such file" in missing.stderr
    folder = cli("annotate", tmp_path, "-o", "-")
    assert folder.exit_code == 2 and "is a directory" in folder.stderr


def _locked_panel(unprivileged):
    """A panel the unprivileged user reads (checked), then cannot read: mode 000."""
    panel = unprivileged.folder / "panel.tsv"
    panel.write_text("gene\talteration\nEGFR\tT790M\n")
    panel.chmod(0o644)
    readable = unprivileged("annotate", panel, "-o", "-")
    assert readable.returncode == 0, readable.stderr
    panel.chmod(0)
    return panel


def test_unreadable_file_exits_2_naming_it(unprivileged):
    panel = _locked_panel(unprivileged)
    result = unprivileged("annotate", panel, "-o", "-")
    assert result.returncode == 2, result.stderr
    assert result.stdout == ""
    assert str(panel) in result.stderr and "Traceback" not in result.stderr


def test_unreadable_file_is_one_line(unprivileged):
    panel = _locked_panel(unprivileged)
    result = unprivileged("annotate", panel, "-o", "-")
    assert result.stderr.splitlines() == [
        f"ctdna-resist: error: {panel}: cannot be read (Permission denied)"]


def test_unknown_drug_is_a_usage_error(cli):
    result = cli("annotate", EXAMPLE_PANEL, "--therapy", "osimertenib", "-o", "-")
    assert result.exit_code == 2
    assert "unknown drug 'osimertenib'" in result.stderr and "osimertinib" in result.stderr


def test_drug_with_chemotherapy_is_assessed_for_the_drug(cli):
    """osimertinib+chemotherapy (FLAURA2-style first line) is a line of osimertinib: C797S
    explains progression on it, as on osimertinib alone."""
    data = cli.annotate(EXAMPLE_PANEL, "--therapy", "erlotinib", "--therapy",
                        "osimertinib+chemotherapy")
    assert data["sample"]["therapies"] == ["erlotinib", "osimertinib+chemotherapy"]
    assert _finding(data, "EGFR", "C797S")["context_match"] is True
    assert _finding(data, "EGFR", "T790M")["context_match"] is False
    assert "osimertinib+chemotherapy" in data["summary"]


def test_report_escapes_hostile_sample_id(cli, tmp_path):
    html = tmp_path / "report.html"
    result = cli("report", EXAMPLE_PANEL, *EXAMPLE_THERAPIES,
                 "--sample-id", "<script>alert(1)</script>", "--html", html)
    assert result.exit_code == 0, result.stderr
    text = html.read_text()
    assert "<script>alert(1)</script>" not in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text
    assert "supports, and does not replace, clinical judgement" in text
    assert "MET amplification" in text and "savolitinib + osimertinib" in text


def test_accounting_on_both_examples(cli):
    for path, count in ((EXAMPLE_PANEL, rows("sample")), (EXAMPLE_VCF, alleles())):
        assert_accounting(cli.annotate(path, *EXAMPLE_THERAPIES), count(path))


def test_version(cli):
    from ctdna_resist import __version__

    result = cli("--version")
    assert result.exit_code == 0 and __version__ in result.stdout


def test_json_output_is_one_document_in_either_layout():
    """Short lists are indented; long ones one item per line: the same data either way."""
    from ctdna_resist.api import Request, annotate
    from ctdna_resist.render import json_out

    result = annotate(Request(inputs=[EXAMPLE_PANEL], therapies=["osimertinib"]))
    pretty = json_out.render_json(result)
    assert json.loads(pretty) == result.to_dict()
    assert '\n  "findings": [\n    {\n      "gene"' in pretty
    saved = json_out.COMPACT_AFTER
    json_out.COMPACT_AFTER = 0
    try:
        compact = json_out.render_json(result)
    finally:
        json_out.COMPACT_AFTER = saved
    assert json.loads(compact) == result.to_dict()
    assert '\n    {"gene": "' in compact


@pytest.mark.parametrize("args,kinds", [
    (["annotate", "-o", "-", "--tsv", "-"], "json and tsv"),
    (["report", "--html", "-", "--pdf", "-"], "html and pdf"),
    (["report", "--html", "r.html", "--json", "-", "--tsv", "-"], "json and tsv"),
])
def test_two_outputs_to_stdout_is_a_usage_error(cli, tmp_path, monkeypatch, args, kinds):
    """JSON and TSV interleaved in one stream would be neither; nothing is written."""
    monkeypatch.chdir(tmp_path)
    command, *outputs = args
    result = cli(command, EXAMPLE_PANEL, *EXAMPLE_THERAPIES, *outputs)
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        f"ctdna-resist: error: {kinds} both go to standard output ('-'); only one output can, "
        "give the other a file name"]
    assert result.stdout == "" and list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("output", ["--pdf", "--json"])
def test_closed_stdout_pipe_ends_quietly(tmp_path, output):
    """`report ... --pdf - | head -c 10`: the reader leaving is not an internal error. First
    the reader is gone before the first byte is written, so the write always meets a closed
    pipe; then the same as a user types it."""
    import subprocess
    import sys
    from pathlib import Path

    if output == "--pdf":
        from report_support import require

        try:
            import weasyprint  # noqa: F401
        except (ImportError, OSError) as exc:
            require(False, f"WeasyPrint cannot load ({exc}); Debian libpango-1.0-0")
    command = [str(Path(sys.executable).parent / "ctdna-resist"), "report", str(EXAMPLE_VCF),
               *EXAMPLE_THERAPIES, "--html", str(tmp_path / "r.html"), output, "-"]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               cwd=tmp_path)
    process.stdout.close()
    stderr = process.stderr.read().decode()
    process.stderr.close()
    assert process.wait(timeout=120) == 141, stderr
    assert stderr == ""

    piped = subprocess.run(["bash", "-c", '"$@" | head -c 10; echo " status=${PIPESTATUS[0]}"',
                            "bash", *command], capture_output=True, timeout=120, cwd=tmp_path)
    assert piped.stdout.startswith(b"%PDF-" if output == "--pdf" else b'{\n  "sche')
    assert piped.stdout.split(b"status=")[1].strip() in (b"0", b"141")
    assert piped.stderr == b""
