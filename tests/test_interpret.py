"""ctDNA interpretation: each flag at its boundary, tumour fraction, plasma copy number, CHIP,
ranking and the summary sentence, on small panel exports such as assays write."""

import pytest

from helpers import EXAMPLE_PANEL, EXAMPLE_THERAPIES

HEADER = "gene\talteration\tvaf\tcopy_number\tdepth\talt_depth\n"
DRIVER = "EGFR\tL858R\t10%\t\t2000\t200\n"


def _panel(tmp_path, *rows, name="plasma.tsv", header=HEADER):
    path = tmp_path / name
    path.write_text(header + "".join(rows))
    return path


def _finding(data, gene, alteration):
    return next(f for f in data["findings"] if (f["gene"], f["alteration"]) == (gene, alteration))


def _flags(cli, path, gene, alteration, *options):
    return _finding(cli.annotate(path, *EXAMPLE_THERAPIES, *options), gene, alteration)["flags"]


# -- clonality and per-variant flags --------------------------------------------------------

@pytest.mark.parametrize("vaf, clonality, subclonal", [("5%", 0.5, False), ("4.9%", 0.49, True)])
def test_subclonal_below_half_the_driver_vaf(cli, tmp_path, vaf, clonality, subclonal):
    path = _panel(tmp_path, DRIVER, f"EGFR\tC797S\t{vaf}\t\t2000\t100\n")
    c797s = _finding(cli.annotate(path, *EXAMPLE_THERAPIES), "EGFR", "C797S")
    assert c797s["clonality"] == clonality
    assert ("subclonal" in c797s["flags"]) is subclonal


@pytest.mark.parametrize("vaf, flagged", [("0.5%", False), ("0.49%", True)])
def test_low_vaf_at_the_limit_of_detection(cli, tmp_path, vaf, flagged):
    path = _panel(tmp_path, DRIVER, f"EGFR\tC797S\t{vaf}\t\t5000\t25\n")
    assert ("low_vaf" in _flags(cli, path, "EGFR", "C797S")) is flagged


@pytest.mark.parametrize("depth, alt_depth, flagged", [
    (500, 3, False), (499, 10, True), (2000, 2, True), (None, None, False)])
def test_low_depth_from_depth_or_alt_reads(cli, tmp_path, depth, alt_depth, flagged):
    cells = "\t".join("" if v is None else str(v) for v in (depth, alt_depth))
    path = _panel(tmp_path, DRIVER, f"EGFR\tC797S\t2%\t\t{cells}\n")
    assert ("low_depth" in _flags(cli, path, "EGFR", "C797S")) is flagged


def test_thresholds_are_changed_on_the_command_line(cli, tmp_path):
    path = _panel(tmp_path, DRIVER, "EGFR\tC797S\t0.3%\t\t5000\t15\n")
    assert "low_vaf" in _flags(cli, path, "EGFR", "C797S")
    assert "low_vaf" not in _flags(cli, path, "EGFR", "C797S", "--threshold", "low_vaf=0.002")
    assert "subclonal" not in _flags(cli, path, "EGFR", "C797S",
                                     "--threshold", "subclonal_clonality=0.01")


@pytest.mark.parametrize("option, message", [
    ("nonsense=1", "unknown threshold"),
    ("low_vaf=2", "must be a fraction"),
    ("min_depth=-1", "must be a number >= 0"),
    ("low_vaf", "is not NAME=NUMBER"),
    ("low_vaf=abc", "--threshold low_vaf 'abc' is not a number"),
    ("amplification_copy_number=inf", "'inf' is not a finite number"),
    ("amplification_copy_number=1e309", "'1e309' is not a finite number"),
    ("low_vaf=nan", "'nan' is not a finite number"),
])
def test_bad_threshold_options_are_usage_errors(cli, option, message):
    result = cli("annotate", EXAMPLE_PANEL, "--threshold", option, "-o", "-")
    assert result.exit_code == 2
    assert message in result.stderr


# -- CHIP -------------------------------------------------------------------------------------

def test_chip_gene_variants_are_flagged_but_never_findings_for_it(cli):
    data = cli.annotate(EXAMPLE_PANEL, *EXAMPLE_THERAPIES)
    others = {(o["gene"], o["alteration"]): o for o in data["other_alterations"]}
    assert "possible_chip" in others[("DNMT3A", "R882H")]["flags"]
    assert "possible_chip" in others[("TP53", "R273H")]["flags"]  # 18.5% of plasma TP53 calls
    assert {f["gene"] for f in data["findings"]}.isdisjoint({"DNMT3A", "TP53"})


@pytest.mark.parametrize("minimum, flagged", [("0.185", True), ("0.186", False)])
def test_possible_chip_at_the_ch_fraction_threshold(cli, minimum, flagged):
    data = cli.annotate(EXAMPLE_PANEL, *EXAMPLE_THERAPIES,
                        "--threshold", f"chip_min_fraction={minimum}")
    tp53 = next(o for o in data["other_alterations"] if o["gene"] == "TP53")
    assert ("possible_chip" in tp53["flags"]) is flagged


@pytest.mark.parametrize("vaf, flagged", [
    ("10%", False), ("10.1%", True),   # VAF / (TF / 2) = 2.0 vs 2.02 (high)
    ("1%", False), ("0.99%", True),    # 0.2 vs 0.198 (low)
])
def test_kras_vaf_far_from_the_tumour_fraction_is_flagged_for_review(cli, tmp_path, vaf,
                                                                      flagged):
    path = _panel(tmp_path, DRIVER, f"KRAS\tG12D\t{vaf}\t\t3000\t60\n")
    flags = _flags(cli, path, "KRAS", "G12D", "--tumor-fraction", "0.1")
    assert ("vaf_inconsistent_with_tumor_fraction" in flags) is flagged
    assert "possible_chip" not in flags  # KRAS: 2.1% of plasma calls are CH, below 10%


def test_driver_gene_resistance_changes_are_not_flagged_as_possible_blood_origin(cli, tmp_path):
    path = _panel(tmp_path, DRIVER, "EGFR\tC797S\t0.6%\t\t3000\t18\n")
    flags = _flags(cli, path, "EGFR", "C797S")
    assert "vaf_inconsistent_with_tumor_fraction" not in flags
    assert "subclonal" in flags


# -- plasma and tumour copy number ------------------------------------------------------------

def test_tumour_copy_number_from_plasma_copy_number_and_tumour_fraction(cli):
    data = cli.annotate(EXAMPLE_PANEL, *EXAMPLE_THERAPIES)
    met = _finding(data, "MET", "amplification")
    # TF = 2 x 8.2% = 0.164; tumour CN = (8.2 - 2 x 0.836) / 0.164 = 39.8
    assert data["sample"]["tumor_fraction"] == 0.164
    assert met["plasma_copy_number"] == 8.2
    assert met["tumor_copy_number"] == 39.8
    assert met["clonality"] is None and met["flags"] == []


@pytest.mark.parametrize("plasma_cn, tumor_cn, borderline", [
    ("2.7", 9.0, False), ("2.69", 8.9, True),   # plasma CN at amp_borderline_plasma_cn
])
def test_amplification_borderline_in_plasma(cli, tmp_path, plasma_cn, tumor_cn, borderline):
    path = _panel(tmp_path, DRIVER, f"MET\tamplification\t\t{plasma_cn}\t\t\n")
    met = _finding(cli.annotate(path, *EXAMPLE_THERAPIES, "--tumor-fraction", "0.1"),
                   "MET", "amplification")
    assert met["tumor_copy_number"] == tumor_cn
    assert ("amplification_borderline" in met["flags"]) is borderline


@pytest.mark.parametrize("plasma_cn, tumor_cn, borderline", [
    ("3.5", 5.0, False), ("3.49", 5.0, False), ("3.44", 4.9, True)])
def test_amplification_borderline_in_the_tumour(cli, tmp_path, plasma_cn, tumor_cn, borderline):
    """At TF 0.5 tumour CN = (plasma CN - 1) / 0.5, compared (rounded to 0.1) with 5."""
    path = _panel(tmp_path, DRIVER, f"MET\tamplification\t\t{plasma_cn}\t\t\n")
    met = _finding(cli.annotate(path, *EXAMPLE_THERAPIES, "--tumor-fraction", "0.5"),
                   "MET", "amplification")
    assert met["tumor_copy_number"] == tumor_cn
    assert ("amplification_borderline" in met["flags"]) is borderline


@pytest.mark.parametrize("tf, unstable", [("0.1", False), ("0.099", True)])
def test_tumour_copy_number_unstable_at_low_tumour_fraction(cli, tmp_path, tf, unstable):
    path = _panel(tmp_path, DRIVER, "MET\tamplification\t\t6\t\t\n")
    met = _finding(cli.annotate(path, *EXAMPLE_THERAPIES, "--tumor-fraction", tf),
                   "MET", "amplification")
    assert ("tumor_copy_number_unstable" in met["flags"]) is unstable
    assert met["tumor_copy_number"] is not None


def test_tumour_copy_number_unknown_without_tumour_fraction(cli, tmp_path):
    path = _panel(tmp_path, "MET\tamplification\t\t6\t\t\n")
    data = cli.annotate(path, *EXAMPLE_THERAPIES)
    met = _finding(data, "MET", "amplification")
    assert data["sample"]["tumor_fraction"] is None
    assert met["tumor_copy_number"] is None
    assert "tumor_copy_number_unstable" in met["flags"]


def test_tumor_type_outside_kb(cli):
    data = cli.annotate(EXAMPLE_PANEL, *EXAMPLE_THERAPIES, "--tumor-type", "colorectal")
    assert all("tumor_type_outside_kb" in f["flags"] for f in data["findings"])
    data = cli.annotate(EXAMPLE_PANEL, *EXAMPLE_THERAPIES, "--tumor-type", "LUAD")
    assert not any("tumor_type_outside_kb" in f["flags"] for f in data["findings"])


# -- tumour fraction --------------------------------------------------------------------------

def test_tumour_fraction_from_the_driver(cli):
    sample = cli.annotate(EXAMPLE_PANEL, *EXAMPLE_THERAPIES)["sample"]
    assert sample["tumor_fraction"] == 0.164
    assert sample["tumor_fraction_method"].startswith(
        "estimated: 2 × driver VAF (EGFR L858R 8.2%)")


def test_tumour_fraction_from_a_higher_clonal_somatic_variant(cli, tmp_path):
    path = _panel(tmp_path, "EGFR\tL858R\t3%\t\t\t\n", "PIK3CA\tE545K\t6%\t\t\t\n",
                  "TP53\tR273H\t20%\t\t\t\n",            # possible CHIP: not used
                  "ERBB2\tamplification\t\t5\t\t\n", "ERBB2\tS310F\t15%\t\t\t\n",  # CN locus
                  "KRAS\tG12D\t45%\t\t\t\n")               # possibly germline
    sample = cli.annotate(path, *EXAMPLE_THERAPIES)["sample"]
    assert sample["tumor_fraction"] == 0.12
    assert sample["tumor_fraction_method"].startswith(
        "estimated: 2 × VAF of PIK3CA E545K (6%), the highest of 2 somatic variants used; "
        "driver EGFR L858R 3%")


def test_tumour_fraction_unknown_when_no_somatic_variant(cli, tmp_path):
    path = _panel(tmp_path, "MET\tamplification\t\t4\t\t\n")
    sample = cli.annotate(path, *EXAMPLE_THERAPIES)["sample"]
    assert sample["tumor_fraction"] is None
    assert sample["tumor_fraction_method"] == "unknown: no somatic variant detected"


def test_tumour_fraction_unknown_says_why_each_variant_was_not_used(cli, tmp_path):
    path = _panel(tmp_path, "KRAS\tG12C\t0.003\t\t\t\n")
    sample = cli.annotate(path, *EXAMPLE_THERAPIES)["sample"]
    assert sample["tumor_fraction"] is None
    assert sample["tumor_fraction_method"] == \
        "unknown: no somatic variant usable (KRAS G12C (VAF below 0.5%))"


def test_tumour_fraction_given_or_from_the_input(cli, tmp_path):
    header = "gene\talteration\tvaf\ttumor_fraction\n"
    path = _panel(tmp_path, "EGFR\tL858R\t8%\t0.21\n", "EGFR\tC797S\t2%\t0.21\n", header=header)
    sample = cli.annotate(path, *EXAMPLE_THERAPIES)["sample"]
    assert sample["tumor_fraction"] == 0.21
    assert sample["tumor_fraction_method"] == "from the input (plasma.tsv:2)"
    given = cli.annotate(path, *EXAMPLE_THERAPIES, "--tumor-fraction", "0.3")["sample"]
    assert (given["tumor_fraction"], given["tumor_fraction_method"]) == (0.3, "given")


def test_conflicting_tumour_fractions_in_the_input_name_the_line(cli, tmp_path):
    header = "gene\talteration\tvaf\ttumor_fraction\n"
    path = _panel(tmp_path, "EGFR\tL858R\t8%\t0.21\n", "EGFR\tC797S\t2%\t0.25\n", header=header)
    result = cli("annotate", path, "-o", "-")
    assert result.exit_code == 2
    assert "plasma.tsv:3" in result.stderr and "tumor_fraction 0.25 differs" in result.stderr


# -- summary and ranking ----------------------------------------------------------------------

@pytest.mark.parametrize("tf, inconclusive", [("0.01", False), ("0.0099", True)])
def test_negative_result_at_low_tumour_fraction_is_inconclusive(cli, tmp_path, tf, inconclusive):
    path = _panel(tmp_path, "EGFR\tL858R\t0.4%\t\t\t\n")
    summary = cli.annotate(path, *EXAMPLE_THERAPIES, "--tumor-fraction", tf)["summary"]
    assert ("not detected — inconclusive at low tumour fraction" in summary) is inconclusive
    if not inconclusive:
        assert summary.startswith("No alteration documented to cause resistance to osimertinib")


def test_negative_result_without_somatic_variant_is_inconclusive(cli, tmp_path):
    path = _panel(tmp_path, "DNMT3A\tR882H\t0.8%\t\t\t\n")
    summary = cli.annotate(path, *EXAMPLE_THERAPIES)["summary"]
    assert summary.startswith("Resistance to osimertinib: not detected — inconclusive at low "
                              "tumour fraction (tumour fraction unknown: no somatic variant")


def test_ranking_puts_confident_clonal_explanations_first(cli):
    data = cli.annotate(EXAMPLE_PANEL, *EXAMPLE_THERAPIES)
    order = [(f["gene"], f["alteration"]) for f in data["findings"]]
    # documented for osimertinib first; the confidently called amplification with clonal
    # weight, then C797S (0.28 of the driver) before PIK3CA E545K (0.22); T790M (erlotinib) last
    assert order == [("MET", "amplification"), ("EGFR", "C797S"), ("PIK3CA", "E545K"),
                     ("EGFR", "T790M")]
    assert data["summary"].startswith(
        "Progression on osimertinib is most likely explained by MET amplification (bypass), "
        "EGFR C797S (on-target, phase with EGFR T790M undetermined, subclonal) and PIK3CA "
        "E545K (downstream, subclonal). For MET amplification, ")


def test_doubtful_findings_rank_after_confident_ones(cli, tmp_path):
    """C797S has the higher clonality but only 2 supporting reads; the borderline amplification
    has no measured clonality and goes last."""
    path = _panel(tmp_path, DRIVER, "MET\tamplification\t\t2.5\t\t\n",
                  "KRAS\tG12D\t3%\t\t3000\t90\n", "EGFR\tC797S\t6%\t\t3000\t2\n")
    data = cli.annotate(path, *EXAMPLE_THERAPIES)
    order = [(f["gene"], f["alteration"]) for f in data["findings"]]
    assert order == [("KRAS", "G12D"), ("EGFR", "C797S"), ("MET", "amplification")]
    assert _finding(data, "KRAS", "G12D")["flags"] == ["subclonal"]
    assert "borderline amplification" in data["summary"]


# -- the closed lists -------------------------------------------------------------------------

def test_flags_and_thresholds_used_by_the_code_are_documented(kb):
    """Schema against code: every flag raised and every threshold read is in the tables, and
    each threshold has a unit, a meaning and a reference."""
    import re

    from helpers import ROOT

    source = "".join((ROOT / "src" / "ctdna_resist" / name).read_text()
                     for name in ("interpret.py", "context.py", "phase.py"))
    raised = {name.lower() for name in re.findall(r'_flag\(kb, [\w.]+, Flag\.(\w+)\)', source)}
    read = set(re.findall(r'(?:t|thresholds)\["(\w+)"\]', source))
    assert raised and read
    assert raised <= set(kb.flags), raised - set(kb.flags)
    assert read <= set(kb.thresholds), read - set(kb.thresholds)
    assert set(kb.threshold_units) == set(kb.thresholds)
    assert all(kb.threshold_units.values())
    assert set(kb.flags) - raised <= {"coordinate_unverified"}  # raised by the readers


def test_kb_validate_names_an_unknown_threshold_in_flags_tsv(cli, tmp_path):
    import shutil

    from ctdna_resist.resources import data_dir

    kb_dir = tmp_path / "kb"
    shutil.copytree(data_dir("annotations"), kb_dir)
    flags = kb_dir / "flags.tsv"
    flags.write_text(flags.read_text().replace("min_depth;min_alt_reads",
                                               "min_depth;min_alt_read"))
    result = cli("kb", "validate", "--kb", kb_dir)
    assert result.exit_code == 2
    assert "flags.tsv:4: threshold: 'min_alt_read' is not in thresholds.tsv" in result.output
