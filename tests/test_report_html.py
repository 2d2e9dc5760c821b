"""The HTML report a tumour board reads: every section in the issue's order, the answer first,
both possibilities where the phase is unknown, sources numbered, and input that cannot become
markup, an image fetch or a template expression."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from html.parser import HTMLParser

import pytest

from helpers import EXAMPLE_PANEL, ROOT
from report_support import HOSTILE_SAMPLE, HOSTILE_VCF, IMAGE, SCRIPT, TEMPLATE, render

TEMPLATES = ROOT / "templates"
SECTION_ORDER = ["summary", "findings", "figure", "details", "not-assessable", "other", "qc",
                 "methods", "references"]


class Page(HTMLParser):
    """Elements, attributes and visible text of a report, as a browser's parser sees them."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self._skip = 0
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag in ("style", "svg", "title"):
            self._skip += 1

    def handle_endtag(self, tag):
        if tag in ("style", "svg", "title") and self._skip:
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.text.append(data)

    @property
    def visible(self) -> str:
        return re.sub(r"\s+", " ", " ".join(self.text))

    def ids(self) -> list[str]:
        return [a["id"] for _, a in self.tags if a.get("id")]


@pytest.fixture(scope="module")
def example(tmp_path_factory):
    paths = render(tmp_path_factory.mktemp("example"), options=("--sample-id", "PT001"))
    html = paths["html"].read_text(encoding="utf-8")
    return html, Page(html), json.loads(paths["json"].read_text())


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    paths = render(tmp_path_factory.mktemp("hostile"), HOSTILE_VCF)
    html = paths["html"].read_text(encoding="utf-8")
    return html, Page(html)


def test_sections_come_in_the_order_a_reviewer_reads_them(example):
    html, page, _ = example
    ids = [i for i in page.ids() if i in SECTION_ORDER]
    assert ids == SECTION_ORDER
    # header before the summary, the clinical-judgement statement last
    assert html.index("<header>") < html.index('id="summary"')
    assert html.rindex("does not replace, clinical judgement") > html.index('id="references"')


def test_header_names_sample_therapies_driver_fraction_date_and_versions(example):
    _, page, data = example
    header = page.visible.split("Summary")[0]
    for text in ("PT001", "Tumour type NSCLC", "Therapy assessed osimertinib",
                 "Prior therapies erlotinib", "Driver EGFR L858R", "Tumour fraction 16.4%",
                 "estimated: 2 × driver VAF", "Report date 2023-11-14",
                 f"ctdna-resist {data['tool']['version']}",
                 f"knowledge base {data['knowledge_base']['version']}"):
        assert text in header, text


def test_summary_sentence_comes_first(example):
    _, page, data = example
    text = page.visible
    assert data["summary"] in text
    assert text.index(data["summary"]) < text.index("Resistance findings")


def test_findings_are_grouped_by_mechanism_in_plain_words(example):
    _, page, _ = example
    table = page.visible.split("Resistance findings")[1].split("VAF at a glance")[0]
    on_target = table.index("On-target — a change in the drug's own target")
    bypass = table.index("Bypass — another receptor or pathway takes over")
    downstream = table.index("Downstream — a change below the receptor")
    assert on_target < table.index("EGFR C797S") < table.index("EGFR T790M") < bypass
    assert bypass < table.index("MET amplification") < downstream
    assert downstream < table.index("PIK3CA E545K")
    # VAF, VAF relative to the driver, and whether it explains progression on the last therapy
    assert "EGFR C797S p.Cys797Ser 2.3% 0.28× yes documented to cause resistance" in table
    assert "EGFR T790M p.Thr790Met 4.1% 0.5× no explains progression on the earlier " \
           "erlotinib, not on osimertinib" in table
    assert "MET amplification CN 8.2" in table


def test_rescue_options_show_evidence_trials_response_and_sources(example):
    _, page, data = example
    met = next(f for f in data["findings"] if f["gene"] == "MET")
    card = page.visible.split("MET amplification bypass")[1].split("Downstream")[0]
    assert f"Reported frequency: {met['frequency']}" in card
    with_trials = [o for o in met["rescue_options"] if o["trials"]]
    assert with_trials, "the example's MET amplification has options with registered trials"
    for option in met["rescue_options"]:
        assert option["regimen"] in card
        for text in [*option["trials"], *option["trial_names"], option["response"] or ""]:
            assert text in card, text
    assert re.search(r"\[\d\] §4\.1", card)  # numbered reference and section


def test_undetermined_phase_shows_both_possibilities(example):
    _, page, data = example
    c797s = next(f for f in data["findings"] if f["alteration"] == "C797S")
    assert c797s["phase"]["call"] == "undetermined" and c797s["alternatives"]
    card = page.visible.split("EGFR C797S p.Cys797Ser on-target")[1].split("EGFR T790M p.")[0]
    assert "Phase with EGFR T790M: not determined — no reads given (--bam)" in card
    cis = card.index("If C797S is in cis with EGFR T790M (on the same DNA molecule)")
    undetermined = card.index("Undetermined: what would settle it")
    assert c797s["alternatives"][0]["evidence"] in card[cis:undetermined]
    trans_option = card[card.index("gefitinib + osimertinib", undetermined):]
    assert trans_option.startswith("gefitinib + osimertinib applies only to EGFR-mutant disease "
                                   "in which C797S and T790M lie on different copies of EGFR "
                                   "(trans)")
    assert "undetermined Whether C797S is on a different DNA molecule from EGFR T790M is not " \
           "determined: reads given with --bam would settle it." in trans_option


def test_other_alterations_give_the_reason_and_flag_meanings(example, kb):
    _, page, data = example
    other = page.visible.split("Other detected alterations")[1].split("Records read")[0]
    reasons = {o["gene"]: o["reason"] for o in data["other_alterations"]}
    assert f"DNMT3A R882H p.Arg882His 0.4% {reasons['DNMT3A']} low VAF possible CHIP" in other
    assert f"EGFR L858R p.Leu858Arg 8.2% {reasons['EGFR']}" in other
    assert f"possible CHIP {kb.flags['possible_chip']}" in other
    assert "low VAF VAF below the 0.5% threshold: near the assay's limit of detection" in other


def test_no_knowledge_base_name_reaches_the_reader(example, kb):
    """Thresholds are written as values, flags in words (the JSON keeps the names, such as
    `subclonal_clonality` and `possible_chip`)."""
    _, page, data = example
    assert any(f["flags"] for f in data["findings"] + data["other_alterations"])
    for name in [n for n in [*kb.thresholds, *kb.flags] if "_" in n]:
        assert name not in page.visible, name


def test_not_assessable_qc_methods_and_references(example, kb):
    _, page, data = example
    text = page.visible
    na = text.split("Not assessable from ctDNA")[1].split("Other detected")[0]
    assert "their absence here does not rule them out" in na
    for n in data["not_assessable"]:
        assert n["mechanism"] in na
    qc = text.split("Records read and accounting")[1].split("Methods")[0]
    assert "Input records read 7" in qc
    assert "7 = 4 resistance findings + 3 other + 0 skipped + 0 in genes outside" in qc
    methods = text.split("Methods")[-1].split("References")[0]
    assert f"knowledge base version {data['knowledge_base']['version']}" in methods
    references = text.split("References")[-1]
    sources = [s for f in data["findings"] for s in f["sources"]]
    cited = {s.split(" §")[0] if " §" in s else s.split(" ")[0] for s in sources}
    assert "CIViC" in cited  # the example's findings cite CIViC items too
    for source in cited:  # the reference as a reader cites it: title, journal, year, DOI
        entry = kb.sources[source]
        for part in (entry.title, entry.journal, entry.year, entry.doi):
            assert part in references
    for item in (s for s in sources if s.startswith("CIViC EID")):  # each item, with its PMID
        eid, pmid = re.match(r"CIViC (EID\d+) \(PMID (\d+);", item).groups()
        assert f"{eid} (PMID {pmid})" in references
    assert ".txt" not in references and "knowledge-base source" not in references
    assert ".." not in references  # "et al." ends the authors without another full stop


def test_report_is_self_contained_and_forbids_scripts(example):
    html, page, _ = example
    csp = next(a["content"] for t, a in page.tags
               if t == "meta" and a.get("http-equiv") == "Content-Security-Policy")
    assert "script-src 'none'" in csp and "default-src 'none'" in csp
    assert not [t for t, _ in page.tags if t in ("script", "img", "link", "iframe", "object")]
    for _, attrs in page.tags:
        for name, value in attrs.items():
            assert not name.startswith("on"), name
            if name in ("href", "xlink:href", "src"):
                assert value and value.startswith("#"), (name, value)


def test_figure_is_inline_svg_of_vafs_against_the_driver(example):
    html, page, _ = example
    figure = html.split('id="figure"')[1].split("</section>")[0]
    assert figure.count("<svg") == 1
    for label in ("EGFR L858R", "EGFR C797S", "PIK3CA E545K", "DNMT3A R882H", "8.2%",
                  "driver VAF (EGFR L858R)", "tumour fraction (estimated)"):
        assert f">{label}<" in figure, label
    assert "Not drawn (no VAF): MET amplification (CN 8.2)" in page.visible


@pytest.mark.parametrize("where", ["vcf", "option"])
def test_hostile_sample_and_info_render_as_inert_text(where, tmp_path, hostile):
    if where == "vcf":  # sample name from the VCF header, Consequence fields from INFO/CSQ
        html, page = hostile
    else:  # the same text given on the command line
        paths = render(tmp_path, EXAMPLE_PANEL, options=("--sample-id", HOSTILE_SAMPLE))
        html = paths["html"].read_text(encoding="utf-8")
        page = Page(html)
    assert [t for t, _ in page.tags if t in ("script", "img")] == []
    assert not any(name.startswith("on") for _, attrs in page.tags for name in attrs)
    assert "&lt;script&gt;window.__ctdna_injected=1&lt;/script&gt;" in html
    assert "&lt;img src=file:///etc/passwd&gt;" in html
    assert f"PT666 {SCRIPT} {IMAGE} {TEMPLATE}" in page.visible  # shown literally, not as 49


def test_hostile_info_text_in_the_figure_is_escaped(hostile):
    html, page = hostile
    figure = html.split('id="figure"')[1].split("</section>")[0]
    # the KRAS Consequence holds '&', mathtext '$...$', an <svg onload> and a '</text>' break-out
    assert "KRAS R&amp;D $\\frac{1}{0}$ &lt;svg onload=…" in figure
    assert "TP53 &lt;script&gt;window.__ctdna_injecte…" in figure
    assert "<script" not in figure and "onload=" not in figure.replace("svg onload=…", "")
    other = page.visible.split("Other detected alterations")[1]
    assert "KRAS R&D $\\frac{1}{0}$ <svg onload=window.__ctdna_injected=3></svg> </text>" \
           "<script>window.__ctdna_injected=4</script>" in other


def test_templates_open_with_a_comment_and_mark_nothing_safe():
    templates = sorted(TEMPLATES.glob("*.j2"))
    assert {"report.html.j2", "_header.html.j2", "_findings.html.j2",
            "_style.css.j2"} <= {t.name for t in templates}
    for template in templates:
        text = template.read_text()
        assert text.startswith("{#"), f"{template.name} does not open with a comment"
        assert not re.search(r"\|\s*safe\b|autoescape\s+false|Markup", text), template.name
    sources = "".join(p.read_text() for p in (ROOT / "src").rglob("*.py"))
    assert sources.count("Markup(") == 1  # the checked SVG in render/figure.py


def test_same_inputs_and_epoch_give_byte_identical_html_and_json(tmp_path):
    first = render(tmp_path / "a", HOSTILE_VCF, fresh_process=True)
    second = render(tmp_path / "b", HOSTILE_VCF, fresh_process=True)
    assert first["html"].read_bytes() == second["html"].read_bytes()
    assert first["json"].read_bytes() == second["json"].read_bytes()
    assert "2023-11-14" in first["html"].read_text(encoding="utf-8")


def test_cli_start_up_does_not_import_the_template_or_pdf_libraries():
    code = ("import sys, ctdna_resist.cli, ctdna_resist.render.html, ctdna_resist.render.pdf; "
            "print(sorted(m for m in ('jinja2', 'weasyprint') if m in sys.modules))")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert run.stdout.strip() == "[]"


def test_report_without_vaf_or_therapy_still_renders(tmp_path, cli):
    panel = tmp_path / "cn_only.panel.tsv"
    panel.write_text("gene\talteration\tcopy_number\nMET\tamplification\t8.2\n")
    out = tmp_path / "r.html"
    result = cli("report", panel, "--html", out)
    assert result.exit_code == 0, result.output
    page = Page(out.read_text(encoding="utf-8"))
    assert "figure" not in page.ids()  # nothing has a VAF: no empty picture
    assert "Therapy assessed none given" in page.visible
    assert "MET amplification" in page.visible


def test_figure_svg_check_refuses_what_a_report_must_not_carry():
    from ctdna_resist.render.figure import UnsafeSvgError, safe_svg

    ns = 'xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"'
    assert "<text>ok &amp; fine</text>" in safe_svg(f"<svg {ns}><text>ok &amp; fine</text></svg>")
    for body in ("<script>alert(1)</script>", '<g onload="alert(1)"/>',
                 '<use xlink:href="file:///etc/passwd"/>', "<foreignObject/>",
                 '<path style="fill: url(http://example.org/x)"/>', "<text>unclosed"):
        with pytest.raises(UnsafeSvgError):
            safe_svg(f"<svg {ns}>{body}</svg>")


def test_figure_labels_are_escaped_and_mathtext_is_off():
    from ctdna_resist.render.figure import Point, draw_vaf_figure

    svg = draw_vaf_figure([Point("EGFR L858R", 0.08, "driver"),
                           Point("TP53 <b>&$x^2$", 0.02, "other", chip=True)],
                          0.08, "EGFR L858R", 0.16, True)
    assert ">TP53 &lt;b&gt;&amp;$x^2$<" in svg
    assert "tumour fraction (given)" in svg
    assert svg.startswith("<svg") and "<?xml" not in svg and "<metadata" not in svg


def test_render_html_is_the_library_path_too(example, kb, monkeypatch):
    """The library call gives the same page as the command (for batch and notebooks)."""
    from ctdna_resist.api import Request, annotate
    from ctdna_resist.render.html import render_html

    html, _, _ = example
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    result = annotate(Request(inputs=[ROOT / "test_data" / "example_patient.vep.vcf.gz"],
                              sample_id="PT001", therapies=["erlotinib", "osimertinib"]))
    assert render_html(result, kb) == html


def test_flag_legend_shows_thresholds_as_this_run_applied_them(tmp_path):
    """A threshold changed with --threshold is recorded in the JSON and shown in the legend."""
    from click.testing import CliRunner

    from ctdna_resist.cli import cli

    html, out = tmp_path / "r.html", tmp_path / "r.json"
    result = CliRunner().invoke(cli, [
        "report", str(ROOT / "test_data" / "example_patient.panel.tsv"), "--therapy",
        "osimertinib", "--threshold", "subclonal_clonality=0.3", "--html", str(html),
        "--json", str(out)])
    assert result.exit_code == 0, result.output
    data = json.loads(out.read_text())
    assert data["knowledge_base"]["thresholds_changed"] == {"subclonal_clonality": 0.3}
    text = html.read_text()
    assert "(clonality) below 0.3: likely in a minor subclone" in text
    assert "below 0.5: likely" not in text and "subclonal_clonality" not in text


def test_where_the_sources_disagree_both_sides_are_shown(example):
    """EGFR T790M and afatinib: the reviews and CIViC EID1863 say resistance, two preclinical
    CIViC items response. The card says the sources disagree and lists each side with its
    level and citation; the findings table points to it."""
    _, page, data = example
    t790m = next(f for f in data["findings"] if f["alteration"] == "T790M")
    afatinib = next(c for c in t790m["conflicts"] if c["therapies"] == ["afatinib"])
    assert {e["source"] for e in afatinib["resistance"]} == {"reviews", "CIViC"}
    assert [e["source"] for e in afatinib["sensitivity"]] == ["CIViC", "CIViC"]
    card = page.visible.split("EGFR T790M p.Thr790Met on-target VAF")[1].split(
        "Documented option")[0]
    assert "The sources disagree — both sides are shown; neither is chosen here." in card
    assert afatinib["note"] in card
    sides = card.split("Resistance to afatinib Response to afatinib")[1].split(
        "The sources disagree on dacomitinib")[0]
    for expected in ("The reviews: clinical data; AMP/ASCO/CAP level B — on-target, driver EGFR",
                     "EID1863", "CIViC: preclinical; AMP/ASCO/CAP level D", "EID2163",
                     "EID2164"):
        assert expected in sides
    table = page.visible.split("Resistance findings")[1].split("Evidence and documented")[0]
    assert "sources disagree" in table
