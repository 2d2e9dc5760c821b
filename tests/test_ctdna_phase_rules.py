"""The example patient with reads: EGFR C797S in trans vs in cis with T790M changes the rescue
options exactly as the knowledge-base rows (and the sources) state; without reads both
possibilities are shown."""

import pytest

from bamfixtures import fragments, make_bam
from helpers import EXAMPLE_PANEL, EXAMPLE_THERAPIES, EXAMPLE_VCF


def _c797s(data):
    return next(f for f in data["findings"] if (f["gene"], f["alteration"]) == ("EGFR", "C797S"))


def _phase_options(finding):
    """Rescue options whose condition is a phase with T790M (the fourth-generation options
    need only T790M present, whatever its phase)."""
    return [(o["regimen"], o["condition_status"]) for o in finding["rescue_options"]
            if o["condition"] and "trans" in o["condition"]]


def _fourth_generation_only(finding):
    """Only the investigational fourth-generation options apply; the others are listed as not
    applying, each with its reason."""
    applying = [o for o in finding["rescue_options"] if o["applicability"] == "applies"]
    return applying and all(o["kb_entry"].startswith("R-EGFR-4G-") for o in applying)


def _options(data, gene, alteration):
    finding = next(f for f in data["findings"] if (f["gene"], f["alteration"]) ==
                   (gene, alteration))
    return {o["regimen"]: o for o in finding["rescue_options"]}


@pytest.fixture(scope="module")
def trans_bam(tmp_path_factory):
    # T790M on one allele, C797S on the other, most fragments from normal DNA
    return make_bam(tmp_path_factory.mktemp("trans") / "trans.bam",
                    fragments(t790m_only=9, c797s_only=6, neither=150))


@pytest.fixture(scope="module")
def cis_bam(tmp_path_factory):
    # C797S arose on the T790M allele; some T790M-only fragments from the older clone
    return make_bam(tmp_path_factory.mktemp("cis") / "cis.bam",
                    fragments(both=6, t790m_only=4, neither=150))


def test_trans_reads_select_the_first_plus_third_generation_combination(cli, trans_bam):
    data = cli.annotate(EXAMPLE_VCF, *EXAMPLE_THERAPIES, "--bam", trans_bam)
    c797s = _c797s(data)
    assert c797s["phase"]["call"] == "trans"
    assert c797s["phase"]["with"] == "EGFR T790M"
    assert c797s["phase"]["reads"] == {"both": 0, "this_only": 6, "other_only": 9,
                                       "neither": 150}
    assert sorted(_phase_options(c797s)) == [("gefitinib + osimertinib", "met"),
                                             ("nazartinib + gefitinib", "met")]
    combination = _options(data, "EGFR", "C797S")["gefitinib + osimertinib"]
    assert combination["condition"].endswith("C797S and T790M lie on different copies of "
                                             "EGFR (trans)")
    # the trans rule holds, but the MET amplification also detected resists osimertinib, and
    # the source documents no trans combination with MET amplification: undetermined
    assert combination["applicability"] == "undetermined"
    assert any(r["kind"] == "resisted_by" and r["finding"] == "MET amplification"
               for r in combination["reasons"])
    assert "EGFR T790M only 9, EGFR C797S only 6" in c797s["phase"]["method"]
    assert c797s["alternatives"] == []  # the cis entry no longer applies
    assert "in trans with EGFR T790M" in data["summary"]


def test_cis_reads_mean_resistance_to_every_egfr_tki_and_no_rescue(cli, cis_bam):
    data = cli.annotate(EXAMPLE_VCF, *EXAMPLE_THERAPIES, "--bam", cis_bam)
    c797s = _c797s(data)
    assert c797s["phase"]["call"] == "cis"
    assert c797s["phase"]["reads"]["both"] == 6
    assert c797s["kb_entry"] == "EGFR-C797S-CIS-T790M"
    assert {"gefitinib", "erlotinib", "afatinib", "osimertinib"} <= set(c797s["resists"])
    # no first- to third-generation option is left: only investigational fourth-generation TKIs
    assert sorted(_phase_options(c797s)) == [("gefitinib + osimertinib", "failed"),
                                             ("nazartinib + gefitinib", "failed")]
    assert _fourth_generation_only(c797s)
    assert "in cis with EGFR T790M" in data["summary"]
    # C797S in cis resists every EGFR TKI: the osimertinib-based MET options do not apply
    for regimen, option in _options(data, "MET", "amplification").items():
        if "osimertinib" in option["drugs"]:
            assert option["applicability"] == "does_not_apply", regimen
            assert any(r["kind"] == "resisted_by" and r["finding"] == "EGFR C797S"
                       for r in option["reasons"])


def test_without_reads_the_phase_is_unknown_and_both_possibilities_are_shown(cli, tmp_path):
    data = cli.annotate(EXAMPLE_VCF, *EXAMPLE_THERAPIES)
    c797s = _c797s(data)
    assert c797s["phase"]["call"] == "undetermined"
    assert "no reads given" in c797s["phase"]["method"]
    assert sorted(_phase_options(c797s)) == [("gefitinib + osimertinib", "unknown"),
                                             ("nazartinib + gefitinib", "unknown")]
    assert [a["kb_entry"] for a in c797s["alternatives"]] == ["EGFR-C797S-CIS-T790M"]
    # without reads the osimertinib-based MET options are undetermined, and say what would
    # settle it
    for regimen, option in _options(data, "MET", "amplification").items():
        if "osimertinib" in option["drugs"]:
            assert option["applicability"] == "undetermined", regimen

    html = tmp_path / "report.html"
    result = cli("report", EXAMPLE_VCF, *EXAMPLE_THERAPIES, "--html", html)
    assert result.exit_code == 0, result.output
    text = html.read_text()
    assert "phase unknown" in text
    assert "C797S and T790M lie on different copies of EGFR (trans)" in text
    assert "reads given with --bam would settle it" in text
    assert "If C797S is in cis with EGFR T790M" in text  # the other possibility
    assert "resistance to all EGFR TKIs" in text


def test_c797s_without_t790m_keeps_first_generation_options(cli, tmp_path):
    panel = tmp_path / "c797s_without_t790m.tsv"
    panel.write_text("gene\talteration\tvaf\nEGFR\tL858R\t6%\nEGFR\tC797S\t3%\n")
    c797s = _c797s(cli.annotate(panel, *EXAMPLE_THERAPIES))
    assert c797s["phase"] is None
    applying = [(o["regimen"], o["condition_status"]) for o in c797s["rescue_options"]
                if o["applicability"] == "applies"]
    assert applying == [("first- or second-generation EGFR TKI (gefitinib, erlotinib or "
                         "afatinib)", "met")]
    assert all(o["applicability"] == "does_not_apply" for o in c797s["rescue_options"][1:])


def test_panel_without_coordinates_leaves_the_phase_undetermined_with_the_reason(
        cli, trans_bam):
    c797s = _c797s(cli.annotate(EXAMPLE_PANEL, *EXAMPLE_THERAPIES, "--bam", trans_bam))
    assert c797s["phase"]["call"] == "undetermined"
    assert "no genomic position" in c797s["phase"]["method"]
    assert {status for _, status in _phase_options(c797s)} == {"unknown"}


def test_panel_with_coordinates_is_phased(cli, tmp_path, trans_bam):
    panel = tmp_path / "with_coordinates.csv"
    panel.write_text("gene,alteration,vaf,chrom,pos,ref,alt\n"
                     "EGFR,L858R,8%,chr7,55191822,T,G\n"
                     "EGFR,T790M,4%,chr7,55181378,C,T\n"
                     "EGFR,C797S,2%,chr7,55181398,T,A\n")
    c797s = _c797s(cli.annotate(panel, *EXAMPLE_THERAPIES, "--bam", trans_bam))
    assert c797s["phase"]["call"] == "trans"


@pytest.mark.parametrize("make, message", [
    (lambda p: p / "absent.bam", "no such file"),
    (lambda p: (p / "noindex.bam").write_bytes(b"not a bam") and p / "noindex.bam",
     "not a readable BAM"),
])
def test_bad_bam_is_a_one_line_error(cli, tmp_path, make, message):
    result = cli("annotate", EXAMPLE_VCF, *EXAMPLE_THERAPIES, "--bam", make(tmp_path), "-o", "-")
    assert result.exit_code == 2
    assert message in result.stderr and result.stderr.count("\n") == 1


def test_bam_without_index_is_an_error(cli, tmp_path, trans_bam):
    copy = tmp_path / "copy.bam"
    copy.write_bytes(trans_bam.read_bytes())
    result = cli("annotate", EXAMPLE_VCF, *EXAMPLE_THERAPIES, "--bam", copy, "-o", "-")
    assert result.exit_code == 2
    assert "has no index" in result.stderr


def test_bam_damaged_after_its_header_is_a_one_line_error(cli, tmp_path):
    """The header and index read, the reads do not (a copy cut short, a bad sector): htslib's
    words in our one line, exit 2, and nothing written."""
    bam = make_bam(tmp_path / "reads.bam", fragments(both=6, t790m_only=4, neither=3000))
    data = bytearray(bam.read_bytes())
    middle = len(data) // 2
    data[middle:middle + 200] = bytes(b ^ 0xFF for b in data[middle:middle + 200])
    bam.write_bytes(bytes(data))
    out = tmp_path / "report.json"
    result = cli("annotate", EXAMPLE_VCF, *EXAMPLE_THERAPIES, "--bam", bam, "-o", out)
    assert result.exit_code == 2
    assert "cannot be read: a damaged or truncated BAM" in result.stderr
    assert "htslib:" in result.stderr and result.stderr.count("\n") == 1
    assert "internal error" not in result.stderr and not out.exists()


def test_conditions_are_data_with_and_driver_rules(tmp_path):
    """A rescue row conditioned on a co-occurring alteration (MET amplification with EGFR C797S)
    and a resistance row conditioned on the driver apply only when the data say so. (Both rows
    are written before the first run: the loaded knowledge base is cached per folder.)"""
    import shutil

    from ctdna_resist.api import Request, annotate
    from ctdna_resist.resources import data_dir

    kb_dir = tmp_path / "kb"
    shutil.copytree(data_dir("annotations"), kb_dir)
    rescue = kb_dir / "rescue.tsv"
    rescue.write_text(rescue.read_text() + "\t".join([
        "R-TEST-MET-WITH-C797S", "MET-AMP-EGFR-3G", "savolitinib + gefitinib",
        "savolitinib;gefitinib", "with:EGFR C797S", "if EGFR C797S is also detected", "",
        "preclinical", "test row", "", "", "", "", "", "001_0266a875e78a1158.txt §4.1",
        ""]) + "\n")
    resistance = kb_dir / "resistance.tsv"
    resistance.write_text(resistance.read_text() + "\t".join([
        "ZZ-TEST-KRAS-EX19", "KRAS", "G12V", "", "downstream", "EGFR", "osimertinib",
        "driver:EGFR exon 19 deletion", "clinical", "test row", "",
        "001_0266a875e78a1158.txt §3.6.1", "", ""]) + "\n")
    panel = tmp_path / "met.tsv"
    panel.write_text("gene\talteration\tvaf\tcopy_number\nEGFR\tL858R\t8%\t\n"
                     "MET\tamplification\t\t8\nEGFR\tC797S\t2%\t\n")
    without = tmp_path / "met_only.tsv"
    without.write_text("gene\talteration\tvaf\tcopy_number\nEGFR\tL858R\t8%\t\n"
                       "MET\tamplification\t\t8\n")

    def met_regimens(path):
        result = annotate(Request(inputs=[path], therapies=["erlotinib", "osimertinib"],
                                  kb_dir=kb_dir))
        met = next(f for f in result.findings if f.gene == "MET")
        return {o.regimen: o.condition_status for o in met.rescue_options}

    assert met_regimens(panel)["savolitinib + gefitinib"] == "met"
    assert met_regimens(without)["savolitinib + gefitinib"] == "failed"

    kras = "gene\talteration\tvaf\nKRAS\tG12V\t3%\n"
    (tmp_path / "l858r.tsv").write_text(kras + "EGFR\tL858R\t8%\n")
    (tmp_path / "ex19.tsv").write_text(kras + "EGFR\tE746_A750del\t8%\n")

    def kras_finding(name):
        result = annotate(Request(inputs=[tmp_path / name], therapies=["osimertinib"],
                                  kb_dir=kb_dir))
        return next((f for f in result.findings if f.gene == "KRAS"), None)

    assert kras_finding("ex19.tsv").kb_entry == "ZZ-TEST-KRAS-EX19"
    l858r = kras_finding("l858r.tsv")  # KRAS is otherwise documented after EGFR TKIs
    assert l858r is None or l858r.kb_entry != "ZZ-TEST-KRAS-EX19"
