"""Serial monitoring: one patient's plasma over time, through the command line a pipeline calls."""

import json
import re
from html.parser import HTMLParser

import pytest

from counting import rows
from helpers import TEST_DATA

SERIAL = TEST_DATA / "serial"
PT002 = SERIAL / "PT002.timepoints.tsv"  # exon 19 del -> MET amp on osimertinib -> C797S
PT003 = SERIAL / "therapy_switch" / "PT003.timepoints.csv"  # L858R, erlotinib -> osimertinib
INVALID = SERIAL / "invalid"


class Tables(HTMLParser):
    """Every <table> of a page as rows of cell texts (header row included)."""

    def __init__(self):
        super().__init__()
        self.tables: list[list[list[str]]] = []
        self._cell: list[str] | None = None
        self._depth = 0

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self.tables.append([])
        elif tag == "tr" and self.tables:
            self.tables[-1].append([])
        elif tag in ("td", "th") and self.tables:
            self._cell = []
        elif tag == "br" and self._cell is not None:
            self._cell.append(" | ")

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None:
            self.tables[-1][-1].append(" ".join("".join(self._cell).split()))
            self._cell = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


def run_serial_cli(cli, sheet, tmp_path, *args):
    html, out = tmp_path / "serial.html", tmp_path / "serial.json"
    result = cli("serial", sheet, "--html", html, "--json", out, *args)
    assert result.exit_code == 0, result.stderr or result.output
    return html.read_text(encoding="utf-8"), json.loads(out.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def pt002(tmp_path_factory):
    from helpers import Cli

    return run_serial_cli(Cli(), PT002, tmp_path_factory.mktemp("pt002"))


def _alteration(data, label):
    return next(a for a in data["alterations"] if a["label"] == label)


def test_first_table_lists_alterations_in_order_of_first_detection(pt002):
    html, data = pt002
    parser = Tables()
    parser.feed(html)
    header, *rows = parser.tables[0]
    assert header[0] == "Alteration" and header[-1] == "Status"
    assert [h.split(" | ")[0] for h in header[1:-1]] == [
        "baseline", "progression", "second progression"]
    labels = [row[0].split(" driver")[0].split(" resistance")[0].split(" | ")[0] for row in rows]
    first_seen = {"EGFR exon 19 deletion": 0, "TP53 R248Q": 0, "PIK3CA E545K": 1,
                  "MET amplification": 1, "EGFR C797S": 2}
    assert sorted(labels) == sorted(first_seen)
    assert [first_seen[label] for label in labels] == sorted(first_seen.values())
    assert labels[0] == "EGFR exon 19 deletion"  # the driver leads its time point
    by_label = dict(zip(labels, rows, strict=True))
    assert by_label["MET amplification"][1:] == [
        "not detected (tumour fraction 12.2%)", "CN 6.4 explains", "CN 9.1 explains", "emerged"]
    assert by_label["EGFR C797S"][-2:] == ["1.9% explains", "emerged"]
    assert by_label["EGFR exon 19 deletion"][1:] == ["6.1%", "3.2%", "7.8%", "persisted"]
    assert by_label["PIK3CA E545K"][-1] == "cleared"
    # the JSON lists them in the same order
    assert [a["label"] for a in data["alterations"]] == labels


def test_json_lists_values_and_status_of_each_alteration(pt002):
    _, data = pt002
    assert data["schema_version"] == "1.2"
    assert [t["label"] for t in data["timepoints"]] == [
        "baseline", "progression", "second progression"]
    statuses = {a["label"]: a["status"] for a in data["alterations"]}
    assert statuses == {"EGFR exon 19 deletion": "persisted", "TP53 R248Q": "persisted",
                        "MET amplification": "emerged", "EGFR C797S": "emerged",
                        "PIK3CA E545K": "cleared"}

    met = _alteration(data, "MET amplification")
    assert [v["detected"] for v in met["values"]] == [False, True, True]
    assert [v["copy_number"] for v in met["values"]] == [None, 6.4, 9.1]
    assert met["values"][0]["text"] == "not detected (tumour fraction 12.2%)"
    assert met["resistance"] and met["category"] == "bypass"
    assert (met["first_detected"], met["first_detected_on"]) == ("progression", "osimertinib")
    assert met["context_match_at_first_detection"] is True
    assert "savolitinib + osimertinib" in met["rescue_options"]

    c797s = _alteration(data, "EGFR C797S")
    assert [v["vaf"] for v in c797s["values"]] == [None, None, 0.019]
    assert c797s["first_detected"] == "second progression"
    assert c797s["values"][2]["context_match"] is True

    driver = _alteration(data, "EGFR exon 19 deletion")
    assert driver["is_driver"] and driver["hgvs_p"] == "p.Glu746_Ala750del"
    assert [v["vaf"] for v in driver["values"]] == [0.061, 0.032, 0.078]
    assert data["patient"]["id"] == "PT002"
    assert data["patient"]["driver"] == {"gene": "EGFR", "alteration": "exon 19 deletion"}


def test_driver_trajectory_and_timepoint_summaries(pt002):
    _, data = pt002
    trajectory = data["driver_trajectory"]
    assert [p["vaf"] for p in trajectory] == [0.061, 0.032, 0.078]
    assert [p["relative_to_first"] for p in trajectory] == [1.0, 0.525, 1.279]
    # the baseline has no therapy to infer the driver from; the patient's driver is used there
    assert [p["tumor_fraction"] for p in trajectory] == [0.122, 0.064, 0.156]
    summaries = data["timepoints"]
    assert [t["therapies"] for t in summaries] == [[], ["osimertinib"], ["osimertinib"]]
    assert summaries[0]["inputs"] == ["PT002_baseline.panel.tsv"]  # as the sheet wrote them
    assert set(summaries[1]["emerged"]) == {"PIK3CA E545K", "MET amplification"}
    assert summaries[2]["emerged"] == ["EGFR C797S"]
    assert summaries[2]["cleared"] == ["PIK3CA E545K"]
    for t in summaries:  # each time point accounts for the rows of its panel, counted here
        a = t["accounting"]
        counted = sum(rows("sample")(SERIAL / name) for name in t["inputs"])
        assert a["alterations"] == counted
        assert a["findings"] + a["other"] + a["skipped"] + a["outside_kb_genes"] == counted


def test_report_draws_the_trajectory_as_inline_svg_and_states_clinical_judgement(pt002):
    html, _ = pt002
    assert "<?xml" not in html and "<!DOCTYPE svg" not in html
    svg = re.search(r"<svg.*?</svg>", html, re.DOTALL).group(0)
    assert ">EGFR exon 19 deletion (driver)</text>" in svg
    assert ">MET amplification</text>" in svg
    assert "does not replace, clinical judgement" in html


def test_trajectory_svg_is_deterministic():
    from ctdna_resist.api import serial as run_serial
    from ctdna_resist.render.serial_plot import render_trajectory_svg

    result = run_serial(PT002)
    first, second = render_trajectory_svg(result), render_trajectory_svg(result)
    assert first == second
    assert first.startswith("<svg")


def test_finding_that_emerges_under_a_therapy_is_assessed_against_it(cli, tmp_path):
    """T790M emerges on erlotinib (explains it), then persists on osimertinib (does not)."""
    _, data = run_serial_cli(cli, PT003, tmp_path)
    assert [t["therapies"] for t in data["timepoints"]] == [
        ["erlotinib"], ["erlotinib"], ["erlotinib", "osimertinib"],
        ["erlotinib", "osimertinib"]]
    t790m = _alteration(data, "EGFR T790M")
    assert t790m["status"] == "emerged"
    assert (t790m["first_detected_on"], t790m["context_match_at_first_detection"]) == (
        "erlotinib", True)
    assert [v["context_match"] for v in t790m["values"]] == [None, True, None, False]
    assert [v["assessed_therapy"] for v in t790m["values"]] == [
        "erlotinib", "erlotinib", "osimertinib", "osimertinib"]
    c797s = _alteration(data, "EGFR C797S")
    assert (c797s["first_detected_on"], c797s["context_match_at_first_detection"]) == (
        "osimertinib", True)


def test_not_detected_at_unknown_tumour_fraction_is_inconclusive(cli, tmp_path):
    """At week 6 on osimertinib nothing but a CHIP variant is seen: the driver is gone, so the
    tumour fraction is unknown and absence of T790M says nothing."""
    _, data = run_serial_cli(cli, PT003, tmp_path)
    week6 = _alteration(data, "EGFR T790M")["values"][2]
    assert week6["detected"] is False and week6["inconclusive"] is True
    assert week6["text"] == "not detected (tumour fraction unknown — inconclusive)"
    assert _alteration(data, "EGFR T790M")["values"][0]["inconclusive"] is False

    # ending the series at week 6, T790M "cleared" rests on that non-detection
    lines = PT003.read_text().splitlines()[:4]
    sheet = tmp_path / "to_week6.csv"
    sheet.write_text("\n".join(
        ",".join(str(PT003.parent / c) if c.endswith(".tsv") else c for c in line.split(","))
        for line in lines) + "\n")
    _, data = run_serial_cli(cli, sheet, tmp_path)
    t790m = _alteration(data, "EGFR T790M")
    assert t790m["status"] == "cleared"
    assert "week 6 on osimertinib" in t790m["status_caveat"]
    assert "unknown" in t790m["status_caveat"]


def test_measured_tumour_fraction_column_is_used(cli, tmp_path):
    rows = ["timepoint\tinputs\ttherapy\ttumor_fraction",
            f"baseline\t{SERIAL / 'PT002_baseline.panel.tsv'}\t\t",
            f"progression\t{SERIAL / 'PT002_progression.panel.tsv'}\tTagrisso\t9%"]
    sheet = tmp_path / "measured.tsv"
    sheet.write_text("\n".join(rows) + "\n")
    _, data = run_serial_cli(cli, sheet, tmp_path)
    progression = data["timepoints"][1]
    assert progression["therapy"] == "osimertinib"
    assert (progression["tumor_fraction"], progression["tumor_fraction_method"]) == (
        0.09, "given")
    assert {a["label"] for a in data["alterations"] if a["status"] == "emerged"} == {
        "PIK3CA E545K", "MET amplification"}


@pytest.mark.parametrize("detected, status", [
    ([True, True, True], "persisted"),
    ([True, False, True], "persisted"),
    ([False, True, True], "emerged"),
    ([False, False, True], "emerged"),
    ([False, True, False], "cleared"),
    ([True, True, False], "cleared"),
    ([True, False, False], "baseline-only"),
    ([True, False], "baseline-only"),
])
def test_status_is_defined_by_first_and_last_detection(detected, status):
    from ctdna_resist.timeline import classify

    assert classify(detected) == status


def test_therapy_history_lists_each_line_once_most_recent_last():
    from ctdna_resist.sheets import Timepoint
    from ctdna_resist.timeline import therapy_histories

    therapies = [None, "erlotinib", "erlotinib", "osimertinib", None, "erlotinib"]
    points = [Timepoint(label=str(i), date=None, inputs=(), inputs_as_written=(), therapy=t)
              for i, t in enumerate(therapies)]
    assert therapy_histories(points) == [
        [], ["erlotinib"], ["erlotinib"], ["erlotinib", "osimertinib"],
        ["erlotinib", "osimertinib"], ["erlotinib", "osimertinib", "erlotinib"]]


@pytest.mark.parametrize("cells, expected", [
    # the first draw after erlotinib, on osimertinib: both lines in one cell
    (["erlotinib;osimertinib", "osimertinib"],
     [["erlotinib", "osimertinib"], ["erlotinib", "osimertinib"]]),
    # the whole sequence repeated on every row (a cell filled down) adds nothing
    (["erlotinib", "erlotinib;osimertinib", "erlotinib;osimertinib"],
     [["erlotinib"], ["erlotinib", "osimertinib"], ["erlotinib", "osimertinib"]]),
    # a sequence that does not continue the history follows it
    (["erlotinib", "gefitinib;osimertinib"],
     [["erlotinib"], ["erlotinib", "gefitinib", "osimertinib"]]),
    ([None, "erlotinib;osimertinib;erlotinib"],
     [[], ["erlotinib", "osimertinib", "erlotinib"]]),
])
def test_a_therapy_cell_may_list_the_lines_up_to_the_draw(cells, expected):
    from ctdna_resist.sheets import Timepoint
    from ctdna_resist.timeline import therapy_histories

    points = []
    for i, cell in enumerate(cells):
        lines = cell.split(";") if cell else []
        points.append(Timepoint(label=str(i), date=None, inputs=(), inputs_as_written=(),
                                therapy=lines[-1] if lines else None,
                                earlier_therapies=tuple(lines[:-1])))
    assert therapy_histories(points) == expected


def test_semicolon_therapy_cell_in_a_sheet(cli, tmp_path):
    """`Tarceva; Tagrisso` on the first draw: T790M there is assessed against osimertinib with
    erlotinib before it (documented for erlotinib, so it does not explain progression)."""
    rows = ["timepoint\tinputs\ttherapy",
            f"progression\t{SERIAL / 'PT002_progression.panel.tsv'}\tTarceva; Tagrisso",
            f"later\t{SERIAL / 'PT002_later.panel.tsv'}\tosimertinib"]
    sheet = tmp_path / "sequence.tsv"
    sheet.write_text("\n".join(rows) + "\n")
    _, data = run_serial_cli(cli, sheet, tmp_path)
    assert [(t["therapy"], t["therapies"]) for t in data["timepoints"]] == [
        ("osimertinib", ["erlotinib", "osimertinib"]),
        ("osimertinib", ["erlotinib", "osimertinib"])]
    bad = tmp_path / "bad.tsv"
    bad.write_text(sheet.read_text().replace("Tarceva; Tagrisso", "erlotinib;osimertinb"))
    result = cli("serial", bad, "--html", tmp_path / "bad.html")
    assert result.exit_code == 2
    assert f"{bad}:2 (progression): therapy unknown drug 'osimertinb'" in result.stderr
    assert "did you mean osimertinib" in result.stderr


@pytest.mark.parametrize("sheet, expected", [
    ("missing_inputs_column.tsv", ["missing_inputs_column.tsv:1:",
                                   "missing required column(s) inputs"]),
    ("bad_date.csv", ["bad_date.csv:3 (progression):", "date '20/11/2023' is not an ISO date"]),
    ("missing_input_file.tsv", ["missing_input_file.tsv:3 (progression):",
                                "input file ../PT002_progression.cnvkit.cns not found"]),
    ("dates_out_of_order.tsv", ["dates_out_of_order.tsv:4 (second progression):",
                                "2023-04-15 is before 2023-11-20", "time order"]),
    ("misspelt_therapy.tsv", ["misspelt_therapy.tsv:3 (progression):",
                              "unknown drug 'osimertinb'", "osimertinib"]),
    ("one_timepoint.tsv", ["one_timepoint.tsv:", "two or more"]),
])
def test_invalid_sheet_exits_2_naming_file_and_row(cli, tmp_path, sheet, expected):
    html, out = tmp_path / "serial.html", tmp_path / "serial.json"
    result = cli("serial", INVALID / sheet, "--html", html, "--json", out)
    assert result.exit_code == 2
    message = result.stderr.strip()
    assert message.startswith("ctdna-resist: error: ") and "\n" not in message
    assert "Traceback" not in result.output
    for fragment in expected:
        assert fragment in message
    assert not html.exists() and not out.exists()


def test_labels_from_the_sheet_are_escaped_in_html_and_svg(cli, tmp_path):
    sheet = tmp_path / "hostile.csv"
    sheet.write_text(
        "timepoint,date,inputs,therapy\n"
        f'"<script>alert(1)</script>",2023-02-06,{SERIAL / "PT002_baseline.panel.tsv"},\n'
        f'"$x$ & <b>bold</b>",2023-11-20,{SERIAL / "PT002_progression.panel.tsv"},'
        "osimertinib\n")
    html, _ = run_serial_cli(cli, sheet, tmp_path)
    assert "<script" not in html and "<b>bold" not in html
    svg = re.search(r"<svg.*?</svg>", html, re.DOTALL).group(0)
    assert ">&lt;script&gt;alert(1)&lt;/script&gt;</text>" in svg
    assert ">$x$ &amp; &lt;b&gt;bold&lt;/b&gt;</text>" in svg  # no math parsing either


def test_serial_help_does_not_import_the_report_libraries():
    import subprocess
    import sys

    code = ("import sys; from click.testing import CliRunner; from ctdna_resist.cli import cli; "
            "r = CliRunner().invoke(cli, ['serial', '--help']); assert r.exit_code == 0; "
            "print(sorted(m for m in ('jinja2', 'weasyprint', 'pysam', 'pandas') "
            "if m in sys.modules))")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert run.stdout.strip() == "[]"


def test_thresholds_can_be_changed_for_every_time_point(cli, tmp_path, pt002):
    """--threshold reaches each time point's annotation (here: the tumour-fraction level below
    which an implied tumour copy number is flagged unstable)."""
    _, default = pt002
    met = _alteration(default, "MET amplification")
    assert "tumor_copy_number_unstable" in met["values"][1]["flags"]  # TF 6.4% < 10%
    _, changed = run_serial_cli(cli, PT002, tmp_path, "--threshold", "cn_min_tumor_fraction=0.05")
    met = _alteration(changed, "MET amplification")
    assert "tumor_copy_number_unstable" not in met["values"][1]["flags"]
    assert changed["knowledge_base"]["thresholds_changed"] == {"cn_min_tumor_fraction": 0.05}
