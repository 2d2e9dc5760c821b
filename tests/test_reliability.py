"""Odd and bad inputs: an exit code and a message a person can act on, never a traceback, and
no partial output. The expected outcome of each file in tests/corpus/ is in fixtures_table.py."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from counting import rows
from helpers import EXAMPLE_PANEL, assert_accounting

CORPUS = Path(__file__).parent / "corpus"


def test_gene_outside_the_knowledge_base_is_counted_and_named(cli, tmp_path):
    """DESIGN.md: alterations outside knowledge-base genes are counted, not listed (so a
    genome-size input stays small); the report names some of those genes."""
    data = cli.annotate(CORPUS / "valid_gene_outside_kb.tsv")
    assert [o for o in data["other_alterations"] if o["gene"] == "ZNF717"] == []
    assert data["accounting"]["outside_kb_genes"] == 1
    assert data["accounting"]["outside_kb_gene_examples"] == ["ZNF717"]
    html = tmp_path / "r.html"
    assert cli("report", CORPUS / "valid_gene_outside_kb.tsv", "--html", html).exit_code == 0
    assert "genes such as ZNF717" in html.read_text()


def test_input_that_is_a_directory(cli, tmp_path):
    result = cli("annotate", tmp_path, "-o", "-")
    assert result.exit_code == 2 and f"{tmp_path}: is a directory" in result.stderr


def test_misspelt_drug_lists_closest_names(cli):
    result = cli("annotate", EXAMPLE_PANEL, "--therapy", "osimertinb", "-o", "-")
    assert result.exit_code == 2
    assert "unknown drug 'osimertinb'; did you mean osimertinib" in result.stderr


def test_output_in_missing_directory_fails_before_work(cli, tmp_path):
    result = cli("annotate", EXAMPLE_PANEL, "-o", tmp_path / "no" / "such" / "out.json")
    assert result.exit_code == 2
    assert "does not exist" in result.stderr


def test_output_in_read_only_directory(unprivileged):
    folder = unprivileged.folder / "out"
    folder.mkdir()
    folder.chmod(0o777)
    written = unprivileged("annotate", EXAMPLE_PANEL, "-o", folder / "out.json")
    assert written.returncode == 0, written.stderr  # the user writes where the mode allows it
    (folder / "out.json").unlink()
    folder.chmod(0o555)
    result = unprivileged("annotate", EXAMPLE_PANEL, "-o", folder / "out.json")
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        f"ctdna-resist: error: {folder / 'out.json'}: folder {folder} is not writable"]
    assert list(folder.iterdir()) == []


def _panel_rows(n_good: int, bad_rows: dict[int, str]) -> str:
    genes = ["EGFR", "KRAS", "BRAF", "PIK3CA", "TP53", "ERBB2", "MET", "NRAS"]
    lines = ["gene\talteration\tvaf\tdepth"]
    for i in range(n_good + len(bad_rows)):
        if i in bad_rows:
            lines.append(bad_rows[i])
        else:
            lines.append(f"{genes[i % len(genes)]}\tR{100 + i}Q\t0.0{1 + i % 9}\t{1000 + i}")
    return "\n".join(lines) + "\n"


def test_lenient_skips_bad_rows_and_counts_them(cli, tmp_path):
    path = tmp_path / "thousand.tsv"
    path.write_text(_panel_rows(997, {10: "EGFR\tT790M\t7\t1000",
                                      500: "KRAS\tG12C\tabc\t900",
                                      900: "BRAF\tnot-a-change\t0.1\t800"}))
    strict = cli("annotate", path, "-o", "-")
    assert strict.exit_code == 2 and f"{path}:12:" in strict.stderr
    data = cli.annotate(path, "--lenient")
    a = data["accounting"]
    assert a["input_records"] == 1000
    assert a["skipped"] == 3
    assert a["findings"] + a["other"] + a["outside_kb_genes"] == 997
    assert a["outside_kb_genes"] == 0  # every generated row names a knowledge-base gene
    assert a["skipped_reasons"] == {"VAF invalid": 2, "unreadable alteration": 1}
    assert_accounting(data, rows("gene")(path))


def test_lenient_skips_are_shown_in_the_report(cli, tmp_path):
    path = tmp_path / "some_bad.tsv"
    path.write_text(_panel_rows(20, {3: "EGFR\tT790M\t7\t1000"}))
    html = tmp_path / "r.html"
    result = cli("report", path, "--lenient", "--html", html)
    assert result.exit_code == 0, result.stderr
    assert "VAF invalid" in html.read_text()


@pytest.fixture
def big_panel(tmp_path):
    """Large enough that annotate is still reading when the signal arrives."""
    path = tmp_path / "big.tsv"
    path.write_text(_panel_rows(300_000, {}))
    return path


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM])
def test_interrupted_run_leaves_no_partial_output(big_panel, tmp_path, sig):
    out = tmp_path / "out.json"
    earlier = tmp_path / "earlier.json"
    earlier.write_text('{"earlier": "good report"}')
    outputs = [out, earlier]
    for target in outputs:
        proc = subprocess.Popen(
            [sys.executable, "-m", "ctdna_resist.cli", "annotate", str(big_panel), "-o",
             str(target), "--tsv", str(target.with_suffix(".tsv"))],
            stderr=subprocess.PIPE, text=True)
        time.sleep(1.0)
        assert proc.poll() is None, "the run finished before it could be interrupted"
        proc.send_signal(sig)
        _, stderr = proc.communicate(timeout=60)
        assert proc.returncode == 130, stderr
        assert "interrupted" in stderr and "Traceback" not in stderr
    assert not out.exists()
    assert json.loads(earlier.read_text()) == {"earlier": "good report"}
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".part")] == []


def test_failing_run_keeps_the_earlier_report(cli, tmp_path):
    out = tmp_path / "out.json"
    assert cli("annotate", EXAMPLE_PANEL, "-o", out).exit_code == 0
    before = out.read_text()
    result = cli("annotate", CORPUS / "bad_vaf_negative.tsv", "-o", out)
    assert result.exit_code == 2
    assert out.read_text() == before


def test_output_written_in_pieces_is_complete_or_absent(tmp_path):
    """The JSON report is written piece by piece as it is encoded (never held whole); a failure
    halfway leaves the earlier file as it was and no partial one."""
    from ctdna_resist.outputs import write_atomic

    out = tmp_path / "report.json"
    write_atomic(out, iter(['{"findings": [', "1, ", "2", "]}\n"]))
    assert json.loads(out.read_text()) == {"findings": [1, 2]}

    def failing():
        yield '{"findings": ['
        raise RuntimeError("encoding failed")

    with pytest.raises(RuntimeError):
        write_atomic(out, failing())
    assert json.loads(out.read_text()) == {"findings": [1, 2]}
    assert [p.name for p in tmp_path.iterdir()] == ["report.json"]


def test_output_to_a_device_or_pipe_writes_into_it(cli, tmp_path):
    """`-o /dev/null` or a FIFO must be written to, never replaced by a regular file."""
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    import threading

    received = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_text()))
    reader.start()
    result = cli("annotate", EXAMPLE_PANEL, "-o", fifo)
    reader.join(timeout=30)
    assert result.exit_code == 0, result.stderr
    assert json.loads(received[0])["schema_version"] == "1.2"
    assert not fifo.is_file() and fifo.exists()


# -- streams, outputs and error lines (issue 17; the corpus holds one case of each) -----------

def test_a_stream_longer_than_the_limit_is_refused_naming_it(tmp_path, monkeypatch):
    """README "Errors": a stream is copied into a temporary file of at most STREAM_LIMIT."""
    import threading

    from ctdna_resist.api import annotate
    from ctdna_resist.errors import InputError
    from ctdna_resist.readers import streams

    monkeypatch.setattr(streams, "STREAM_LIMIT", 100)
    fifo = tmp_path / "calls.tsv"
    os.mkfifo(fifo)
    writer = threading.Thread(target=lambda: fifo.write_bytes(EXAMPLE_PANEL.read_bytes()))
    writer.start()
    with pytest.raises(InputError) as refused:
        annotate(fifo)
    writer.join(timeout=30)
    assert str(refused.value).startswith(f"{fifo}: is a stream (a pipe or process "
                                         "substitution) of more than 100 bytes")
    assert list(tmp_path.iterdir()) == [fifo]


def test_standard_output_that_cannot_be_written_is_one_line_exit_2():
    with open("/dev/full", "w") as full:
        done = subprocess.run([sys.executable, "-m", "ctdna_resist.cli", "annotate",
                               str(EXAMPLE_PANEL), "-o", "-"], stdout=full,
                              stderr=subprocess.PIPE, text=True, timeout=120)
    assert done.returncode == 2, done.stderr
    assert done.stderr == "ctdna-resist: error: standard output: cannot be written (No space " \
        "left on device)\n"


def test_an_output_hard_linked_to_the_input_is_refused(cli, tmp_path):
    panel = tmp_path / "panel.tsv"
    panel.write_bytes(EXAMPLE_PANEL.read_bytes())
    os.link(panel, tmp_path / "out.json")
    result = cli("annotate", panel, "-o", tmp_path / "out.json")
    assert result.exit_code == 2
    assert f"{tmp_path / 'out.json'}: is the input {panel}" in result.stderr
    assert panel.read_bytes() == EXAMPLE_PANEL.read_bytes()


def test_cohort_summary_never_writes_over_a_report_it_reads(cli, tmp_path):
    report = tmp_path / "cohort_summary.tsv"  # a report kept under the summary's name
    assert cli("annotate", EXAMPLE_PANEL, "-o", report).exit_code == 0
    before = report.read_bytes()
    result = cli("cohort-summary", report, "--outdir", tmp_path)
    assert result.exit_code == 2
    assert f"{report}: is the input {report}" in result.stderr
    assert report.read_bytes() == before


def test_error_lines_carry_no_control_characters(cli, tmp_path):
    """An input's text quoted in an error can neither break the line nor drive the terminal."""
    panel = tmp_path / "escape.tsv"
    panel.write_text("gene\talteration\nEGFR\tT790\x1b[2J\x0bQ\n")
    result = cli("annotate", panel, "-o", "-")
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and "\x1b" not in result.stderr
    assert f"{panel}:2: cannot read alteration 'T790[2J Q'" in result.stderr


def test_vcf_log2_ratios_any_finite_deletion_read_absurd_gain_refused(cli, tmp_path):
    """INFO/LOG2=-30.8 (CNVkit's homozygous deletion) is a deletion; LOG2=2000 was an
    OverflowError and is now refused naming the field (the corpus holds that file)."""
    text = (CORPUS / "vcf_del_end_before_pos.vcf").read_text()
    deep = tmp_path / "deep.vcf"
    deep.write_text(text.replace("SVTYPE=DEL;END=21968000;CN=0", "SVTYPE=DEL;END=21980000;"
                                 "LOG2=-30.8"))
    data = cli.annotate(deep)
    cdkn2a = [o for o in data["findings"] + data["other_alterations"] if o["gene"] == "CDKN2A"]
    assert [(o["alteration"], o.get("plasma_copy_number", o.get("copy_number")))
            for o in cdkn2a] == [("deletion", 0.0)]
