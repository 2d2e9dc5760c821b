"""Options a tumour board can act on: each documented rescue option judged against the whole
sample and the treatment history, through the command line, on small panel exports shaped as
vendors write them. Each case is one a reviewer found contradicted in an earlier report."""

from __future__ import annotations

import pytest

from helpers import Cli, assert_accounting

HEADER = "gene\talteration\tvaf\tcopy_number\tdepth\n"


def annotate(cli: Cli, tmp_path, rows: list[str], *options: str) -> dict:
    """Annotate a panel export of `rows`; every row is one alteration of the accounting."""
    path = tmp_path / "plasma.tsv"
    path.write_text(HEADER + "".join(rows))
    data = cli.annotate(path, *options)
    assert_accounting(data, counted=len(rows))
    return data


def finding(data: dict, gene: str, alteration: str) -> dict:
    return next(f for f in data["findings"] if (f["gene"], f["alteration"]) == (gene, alteration))


def options(data: dict, gene: str, alteration: str) -> dict[str, dict]:
    return {o["regimen"]: o for o in finding(data, gene, alteration)["rescue_options"]}


def by_entry(data: dict, gene: str, alteration: str) -> dict[str, dict]:
    """Options by each knowledge-base row they stand for (a regimen appears twice when two
    sources document it under conditions that reach different verdicts here)."""
    return {entry: o for o in finding(data, gene, alteration)["rescue_options"]
            for entry in o["kb_entries"]}


def reasons(option: dict, kind: str) -> list[dict]:
    return [r for r in option["reasons"] if r["kind"] == kind]


L858R = "EGFR\tL858R\t12%\t\t3000\n"
T790M = "EGFR\tT790M\t6%\t\t3000\n"
HISTORY = ("--therapy", "erlotinib", "--therapy", "osimertinib")


def test_afatinib_for_l718q_does_not_apply_while_t790m_resists_it(cli, tmp_path):
    data = annotate(cli, tmp_path, [L858R, T790M, "EGFR\tL718Q\t4%\t\t3000\n"], *HISTORY)
    afatinib = options(data, "EGFR", "L718Q")["afatinib"]
    assert afatinib["applicability"] == "does_not_apply"
    resisted = reasons(afatinib, "resisted_by")
    assert resisted and resisted[0]["finding"] == "EGFR T790M"
    assert "is documented to resist afatinib" in resisted[0]["detail"]


def test_osimertinib_for_t790m_is_already_received_after_osimertinib(cli, tmp_path):
    data = annotate(cli, tmp_path, [L858R, T790M], *HISTORY)
    osimertinib = options(data, "EGFR", "T790M")["osimertinib"]
    assert osimertinib["applicability"] == "does_not_apply"
    assert [r["detail"] for r in reasons(osimertinib, "already_received")] == \
        ["Osimertinib was already given, and the disease progressed."]


def test_t790m_after_erlotinib_gets_osimertinib(cli, tmp_path):
    data = annotate(cli, tmp_path, [L858R, T790M], "--therapy", "erlotinib")
    osimertinib = options(data, "EGFR", "T790M")["osimertinib"]
    assert osimertinib["applicability"] == "applies"
    assert osimertinib["amp_level"] == "A"
    assert "the strongest documented option that applies here is osimertinib" in \
        data["summary"]


def test_savolitinib_with_osimertinib_applies_after_osimertinib_as_a_continuation(cli, tmp_path):
    data = annotate(cli, tmp_path, [L858R, "MET\tamplification\t\t9\t\n"], *HISTORY)
    savolitinib = options(data, "MET", "amplification")["savolitinib + osimertinib"]
    assert savolitinib["applicability"] == "applies"
    assert savolitinib["continues"] == ["osimertinib"]
    assert reasons(savolitinib, "continues")
    # and the report names it as the best option for the leading finding
    assert "savolitinib + osimertinib" in data["summary"].split("For MET amplification")[1]


def test_dabrafenib_with_trametinib_is_not_offered_after_that_combination(cli, tmp_path):
    rows = ["BRAF\tV600E\t20%\t\t3000\n", "KRAS\tG12D\t5%\t\t3000\n"]
    data = annotate(cli, tmp_path, rows, "--therapy", "dabrafenib+trametinib")
    combination = options(data, "KRAS", "G12D")["dabrafenib + trametinib"]
    assert combination["applicability"] == "does_not_apply"
    assert reasons(combination, "already_received")
    assert reasons(combination, "condition_not_met")  # documented after dabrafenib alone
    after_monotherapy = annotate(cli, tmp_path, rows, "--therapy", "dabrafenib")
    assert options(after_monotherapy, "KRAS", "G12D")["dabrafenib + trametinib"][
        "applicability"] == "applies"


@pytest.mark.parametrize("history, expected", [
    (("--therapy", "selpercatinib"), "does_not_apply"),
    (("--therapy", "vandetanib"), "applies"),
    (("--therapy", "cabozantinib"), "applies"),
])
def test_ret_v804m_options_need_a_prior_multikinase_inhibitor(cli, tmp_path, history, expected):
    rows = ["RET\tfusion\t8%\t\t3000\n", "RET\tV804M\t3%\t\t3000\n"]
    data = annotate(cli, tmp_path, rows, *history)
    found = by_entry(data, "RET", "V804M")
    assert {found["R-RET-V804-PRAL"]["applicability"],
            found["R-RET-V804-SELP"]["applicability"]} == {expected}
    if expected == "does_not_apply":
        assert reasons(found["R-RET-V804-PRAL"], "condition_not_met")[0]["detail"] == \
            "Documented after RET multikinase inhibitor, which was not received."
    # CIViC's selpercatinib trial is after cabozantinib: the same option as the reviews' when
    # both verdicts agree, a separate one (that does not apply) after vandetanib
    civic = found["CIVIC-R-EID8851"]
    if history[1] == "vandetanib":
        assert civic is not found["R-RET-V804-SELP"]
        assert civic["condition"] == "after cabozantinib"
        assert civic["applicability"] == "does_not_apply"
    else:
        assert civic is found["R-RET-V804-SELP"]
        assert civic["kb_sources"] == ["reviews", "CIViC"] and civic["civic_rating"] == 4
        assert any(s.startswith("CIViC EID8851 (") for s in civic["sources"])


def test_first_generation_option_for_c797s_is_undetermined_at_one_percent(cli, tmp_path):
    rows = ["EGFR\tL858R\t0.5%\t\t5000\n", "EGFR\tC797S\t0.3%\t\t5000\n"]
    data = annotate(cli, tmp_path, rows, "--therapy", "osimertinib", "--tumor-fraction", "0.01")
    first_generation = next(o for o in finding(data, "EGFR", "C797S")["rescue_options"]
                            if o["kb_entry"] == "R-EGFR-C797S-NO-T790M")
    assert first_generation["applicability"] == "undetermined"
    detail = reasons(first_generation, "condition_undetermined")[0]["detail"]
    assert detail == "EGFR T790M is not detected, but at tumour fraction 1% it could be missed."
    at_five = annotate(cli, tmp_path, rows, "--therapy", "osimertinib", "--tumor-fraction", "0.05")
    assert next(o for o in finding(at_five, "EGFR", "C797S")["rescue_options"]
                if o["kb_entry"] == "R-EGFR-C797S-NO-T790M")["applicability"] == "applies"


@pytest.mark.parametrize("driver, history", [
    ("BRAF\tV600E\t20%\t\t3000\n", ("--therapy", "dabrafenib+trametinib")),
    (L858R, ("--therapy", "osimertinib")),
])
def test_map2k1_k57n_is_never_offered_alk_inhibitors_outside_alk_disease(cli, tmp_path, driver,
                                                                        history):
    data = annotate(cli, tmp_path, [driver, "MAP2K1\tK57N\t4%\t\t3000\n"], *history)
    k57n = finding(data, "MAP2K1", "K57N")
    alk_drugs = {"ceritinib", "alectinib", "brigatinib", "lorlatinib", "crizotinib"}
    for option in k57n["rescue_options"]:
        if alk_drugs & set(option["drugs"]):
            assert option["applicability"] != "applies", option["regimen"]


GERMLINE = [("ALK", "K1491R"), ("ALK", "D1529E"), ("TP53", "P72R")]


@pytest.mark.parametrize("vaf", ["50%", "2%"])
def test_common_germline_polymorphisms_never_explain_progression(cli, tmp_path, vaf):
    rows = ["ALK\tfusion\t10%\t\t3000\n"] + [f"{g}\t{a}\t{vaf}\t\t3000\n" for g, a in GERMLINE]
    data = annotate(cli, tmp_path, rows, "--therapy", "lorlatinib")
    assert [f for f in data["findings"] if (f["gene"], f["alteration"]) in GERMLINE] == []
    others = {(o["gene"], o["alteration"]): o["reason"] for o in data["other_alterations"]}
    for key in GERMLINE:
        assert others[key].startswith("known germline polymorphism")
    for gene, alteration in GERMLINE:
        assert f"{gene} {alteration}" not in data["summary"]
    ret = annotate(cli, tmp_path, ["RET\tfusion\t10%\t\t3000\n", f"RET\tG691S\t{vaf}\t\t3000\n"],
                   "--therapy", "selpercatinib")
    assert not any(f["alteration"] == "G691S" for f in ret["findings"])
    assert "G691S" not in ret["summary"]


def test_a_variant_at_half_vaf_far_above_the_tumour_fraction_is_possible_germline(cli, tmp_path):
    rows = [L858R, "KRAS\tG12D\t49%\t\t800\n", "MET\tamplification\t\t6\t\n"]
    data = annotate(cli, tmp_path, rows, *HISTORY, "--tumor-fraction", "0.05")
    kras = finding(data, "KRAS", "G12D")
    assert "possible_germline" in kras["flags"]
    assert "KRAS" not in data["summary"]
    assert data["summary"].startswith("Progression on osimertinib is most likely explained by "
                                      "MET amplification")


def test_braf_v600k_on_dabrafenib_is_the_driver_not_resistance(cli, tmp_path):
    data = annotate(cli, tmp_path, ["BRAF\tV600K\t15%\t\t3000\n"], "--therapy", "dabrafenib")
    assert data["sample"]["driver"] == {"gene": "BRAF", "alteration": "V600K"}
    assert data["findings"] == []


def test_uncommon_egfr_compound_driver_on_osimertinib_is_the_driver(cli, tmp_path):
    rows = ["EGFR\tG719A\t12%\t\t3000\n", "EGFR\tS768I\t11%\t\t3000\n"]
    data = annotate(cli, tmp_path, rows, "--therapy", "osimertinib")
    assert data["findings"] == []
    reasons_by_change = {o["alteration"]: o["reason"] for o in data["other_alterations"]}
    assert reasons_by_change["G719A"].startswith("the driver")
    assert reasons_by_change["S768I"].startswith("part of the driver")
    # beside a principal driver, S768I is the documented resistance to osimertinib it is
    with_l858r = annotate(cli, tmp_path, [L858R, "EGFR\tS768I\t4%\t\t3000\n"],
                          "--therapy", "osimertinib")
    assert finding(with_l858r, "EGFR", "S768I")["context_match"] is True


def test_a_driver_given_but_not_detected_is_said(cli, tmp_path):
    data = annotate(cli, tmp_path, [T790M], "--therapy", "erlotinib", "--driver", "EGFR L858R")
    assert data["sample"]["driver_detected"] is False
    assert "The driver given, EGFR L858R, is not detected in this plasma" in data["summary"]


def test_a_tumour_type_outside_the_sources_is_said(cli, tmp_path):
    data = annotate(cli, tmp_path, [L858R, T790M], "--therapy", "erlotinib",
                    "--tumor-type", "colorectal cancer")
    assert "The sources document NSCLC; for colorectal cancer" in data["summary"]


def test_looked_for_not_detected_is_qualified_by_coverage_and_tumour_fraction(cli, tmp_path):
    panel_genes = tmp_path / "panel.txt"
    panel_genes.write_text("EGFR\nMET\nKRAS\n")
    data = annotate(cli, tmp_path, [L858R, T790M], "--therapy", "osimertinib",
                    "--panel-genes", panel_genes)
    not_detected = {(n["gene"], n["alteration"]): n for n in data["not_detected"]}
    met = not_detected[("MET", "amplification")]
    assert met["category"] == "bypass"
    assert met["sensitivity"].startswith("Not detected at tumour fraction 24%: an amplification "
                                         "reaches the plasma copy number called")
    assessed_genes = {n["gene"] for n in data["not_detected"]}
    assert "PIK3CA" not in assessed_genes  # not on the panel: not assessed
    assert any(n["gene"] == "PIK3CA" for n in data["not_assessed"])


def _validate_with_rescue_cell(cli, tmp_path, rescue_id: str, column: str, value: str):
    """`kb validate` on a copy of the shipped knowledge base with one cell of rescue.tsv
    changed; returns the result and the changed row's line number."""
    import shutil

    from ctdna_resist.resources import data_dir

    kb_dir = tmp_path / "kb"
    shutil.copytree(data_dir("annotations"), kb_dir)
    rescue = kb_dir / "rescue.tsv"
    lines = rescue.read_text().splitlines()
    header = lines[0].split("\t")
    number, row = next((n, line.split("\t")) for n, line in enumerate(lines)
                       if line.startswith(f"{rescue_id}\t"))
    row[header.index(column)] = value
    lines[number] = "\t".join(row)
    rescue.write_text("\n".join(lines) + "\n")
    return cli("kb", "validate", "--kb", kb_dir), number + 1


def test_kb_validate_refuses_a_condition_written_only_as_text(cli, tmp_path):
    result, line = _validate_with_rescue_cell(cli, tmp_path, "R-RET-V804-PRAL", "condition", "")
    assert result.exit_code == 2
    assert f"rescue.tsv:{line}: condition: the condition is written only as text" in \
        result.stdout


def test_an_acquired_fusion_is_not_taken_for_the_driver_when_the_driver_is_unseen(cli, tmp_path):
    """On osimertinib with the EGFR driver below detection, an ALK fusion is documented
    resistance (a bypass), not the tumour's driver: osimertinib does not target ALK."""
    data = annotate(cli, tmp_path, ["ALK\tEML4-ALK\t3%\t\t3000\n"], "--therapy", "osimertinib")
    assert data["sample"]["driver"] is None
    fusion = finding(data, "ALK", "fusion")
    assert fusion["partner"] == "EML4" and fusion["context_match"] is True


def test_trials_show_their_phase_and_status_as_the_source_gives_them(cli, tmp_path):
    data = annotate(cli, tmp_path, [L858R, "MET\tamplification\t\t9\t\n"], *HISTORY)
    savolitinib = options(data, "MET", "amplification")["savolitinib + osimertinib"]
    assert "NCT02143466" in savolitinib["trials"]
    assert savolitinib["trial_status"].startswith("TATTON: phase 1b, results reported")


def test_an_ongoing_trial_is_amp_level_c_only_when_it_enrols_by_the_alteration(cli, tmp_path):
    """AMP/ASCO/CAP level C counts an alteration that is a trial's entry criterion: INSIGHT 2
    enrols MET-amplified disease (level C); the selumetinib and sotorasib trials the review
    cites name no alteration (no level)."""
    data = annotate(cli, tmp_path, [L858R, "KRAS\tG12C\t3%\t\t3000\n",
                                    "MET\tamplification\t\t9\t\n"], *HISTORY)
    tepotinib = by_entry(data, "MET", "amplification")["R-MET-TEPO-OSI"]
    assert (tepotinib["evidence_level"], tepotinib["amp_level"]) == ("ongoing_trial", "C")
    for entry in ("R-MEK-SELU-OSI", "R-KRAS-SOTO-TRIAL"):
        trial = by_entry(data, "KRAS", "G12C")[entry]
        assert (trial["evidence_level"], trial["amp_level"]) == ("ongoing_trial", None)


def test_kb_validate_asks_whether_an_ongoing_trial_enrols_by_the_alteration(cli, tmp_path):
    result, line = _validate_with_rescue_cell(cli, tmp_path, "R-MET-TEPO-OSI", "trial_enrols",
                                              "")
    assert result.exit_code == 2
    assert f"rescue.tsv:{line}: trial_enrols: '': an ongoing trial needs yes" in result.stdout


def test_many_findings_resisting_a_drug_are_named_once_each_and_the_rest_counted(cli, tmp_path):
    """Polyclonal progression on osimertinib: eight other findings resist it. The MET option
    with osimertinib does not apply; the first five resisting findings each give a reason, the
    other three are named in one more; the verdict counts them all."""
    resisting = ["EGFR\tC797S\t3%\t\t3000\n", "ERBB2\tamplification\t\t8\t\n",
                 "PIK3CA\tE545K\t2%\t\t3000\n", "EGFR\tL718Q\t2%\t\t3000\n",
                 "BRAF\tV600E\t2%\t\t3000\n", "KRAS\tG12D\t2%\t\t3000\n",
                 "NRAS\tQ61K\t2%\t\t3000\n", "EGFR\tG724S\t2%\t\t3000\n"]
    data = annotate(cli, tmp_path, [L858R, "MET\tamplification\t\t9\t\n", *resisting],
                    *HISTORY, "--tumor-fraction", "0.05")
    option = options(data, "MET", "amplification")["savolitinib + osimertinib"]
    assert option["applicability"] == "does_not_apply"
    each, counted = reasons(option, "resisted_by")[:-1], reasons(option, "resisted_by")[-1]
    named = [r["finding"] for r in each]
    assert len(named) == 5 and len(set(named)) == 5
    assert counted["finding"] is None
    rest = {f"{g} {a}" for g, a, *_ in (row.split("\t") for row in resisting)} - set(named)
    assert len(rest) == 3
    assert counted["detail"].startswith("3 more findings, also detected, are documented to "
                                        "resist a drug of this regimen: ")
    assert all(label in counted["detail"] for label in rest)
