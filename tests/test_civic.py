"""The second source through the command line: rows derived from CIViC evidence items fill the
gaps of the reviews, each finding and option citing its CIViC item, one finding and one option
citing both sources where they agree, and both sides shown where they disagree. Each case is a
small panel export as a vendor would send it (scenarios of issue 15)."""

from __future__ import annotations

import re

from ctdna_resist.merging import merge_same_verdict
from ctdna_resist.model import EvidenceLevel, RescueOption
from helpers import Cli, assert_accounting

HEADER = "gene\talteration\tvaf\tcopy_number\tdepth\n"
FUSION = "ALK\tEML4-ALK\t\t\t\n"
ALK_TKIS = {"ceritinib", "alectinib", "brigatinib", "lorlatinib"}
AMP_ORDER = "ABCD"


def annotate(cli: Cli, tmp_path, rows: list[str], *therapies: str) -> dict:
    path = tmp_path / "plasma.tsv"
    path.write_text(HEADER + "".join(rows))
    data = cli.annotate(path, *(a for t in therapies for a in ("--therapy", t)))
    assert_accounting(data, counted=len(rows))
    return data


def finding(data: dict, gene: str, alteration: str) -> dict:
    return next(f for f in data["findings"] if (f["gene"], f["alteration"]) == (gene, alteration))


def civic_items(sources: list[str]) -> set[str]:
    """The CIViC evidence items cited, as `EID1234`; each citation typed in full."""
    items = set()
    for source in sources:
        if source.startswith("CIViC"):
            m = re.fullmatch(r"CIViC (EID\d+) \(PMID \d+; level [A-E]; rating ([1-5]|none); "
                             r"CIViC 01-Aug-2024\)", source)
            assert m, source
            items.add(m.group(1))
    return items


def test_alk_l1196m_after_crizotinib_gets_a_next_generation_alk_tki(cli, tmp_path):
    data = annotate(cli, tmp_path, [FUSION, "ALK\tL1196M\t4%\t\t3000\n"], "crizotinib")
    l1196m = finding(data, "ALK", "L1196M")
    assert l1196m["context_match"] is True and l1196m["category"] == "on_target"
    assert l1196m["kb_entry"] == "ALK-L1196M-CRIZ"  # the reviews' row gives the words
    assert l1196m["kb_sources"] == ["reviews", "CIViC"]
    assert {"EID237", "EID442"} <= civic_items(l1196m["sources"])
    applying = [o for o in l1196m["rescue_options"] if o["applicability"] == "applies"]
    assert {d for o in applying for d in o["drugs"]} & ALK_TKIS
    best = applying[0]
    assert best["drugs"] == ["alectinib"] and best["amp_level"] == "A"
    # a phase II trial after crizotinib (CIViC A) and the L1196M cell-line item agree on it
    assert {"EID1282", "EID141"} <= civic_items(best["sources"])
    assert "the strongest documented option that applies here is alectinib" in data["summary"]


def test_alk_g1202r_after_alectinib_gets_lorlatinib(cli, tmp_path):
    data = annotate(cli, tmp_path, [FUSION, "ALK\tG1202R\t4%\t\t3000\n"], "crizotinib",
                    "alectinib")
    g1202r = finding(data, "ALK", "G1202R")
    assert g1202r["context_match"] is True and g1202r["kb_entry"] == "ALK-ALEC"
    lorlatinib = next(o for o in g1202r["rescue_options"] if o["drugs"] == ["lorlatinib"])
    assert lorlatinib["applicability"] == "applies"
    assert "EID7286" in civic_items(lorlatinib["sources"])
    assert lorlatinib["kb_sources"] == ["CIViC"] and lorlatinib["civic_rating"] == 4
    assert "lorlatinib" in data["summary"]


def test_met_amplification_after_gefitinib_cites_both_sources(cli, tmp_path):
    """Neither source documents crizotinib for MET amplification after a first-generation
    EGFR TKI (the CIViC crizotinib items are in MET-amplified tumours without an EGFR driver),
    so the options are the reviews' MET inhibitor combinations; crizotinib + osimertinib is
    documented after osimertinib (001 §4.1)."""
    rows = ["EGFR\tL858R\t12%\t\t3000\n", "MET\tamplification\t\t8\t\n"]
    data = annotate(cli, tmp_path, rows, "gefitinib")
    met = finding(data, "MET", "amplification")
    assert met["context_match"] is True and met["category"] == "bypass"
    assert met["kb_entry"] == "MET-AMP-EGFR-1G2G" and met["kb_sources"] == ["reviews", "CIViC"]
    assert {"EID733", "EID1392"} <= civic_items(met["sources"])
    assert any(s.startswith("001_0266a875e78a1158.txt §") for s in met["sources"])
    regimens = {o["regimen"]: o for o in met["rescue_options"]}
    assert regimens["savolitinib + osimertinib"]["applicability"] == "applies"
    assert not any("crizotinib" in o["drugs"] for o in met["rescue_options"])
    after_osimertinib = annotate(cli, tmp_path, rows, "gefitinib", "osimertinib")
    options = finding(after_osimertinib, "MET", "amplification")["rescue_options"]
    crizotinib = next(o for o in options if "crizotinib" in o["drugs"])
    assert crizotinib["regimen"] == "crizotinib + osimertinib"
    assert crizotinib["applicability"] == "applies"


def test_ntrk1_g595r_on_larotrectinib_is_a_finding(cli, tmp_path):
    data = annotate(cli, tmp_path, ["NTRK1\tTPM3-NTRK1\t\t\t\n", "NTRK1\tG595R\t3%\t\t3000\n"],
                    "larotrectinib")
    g595r = finding(data, "NTRK1", "G595R")
    assert g595r["context_match"] is True and g595r["category"] == "on_target"
    assert g595r["kb_sources"] == ["CIViC"] and g595r["kb_entry"] == "CIVIC-EID11350"
    assert civic_items(g595r["sources"]) == {"EID11350"}
    assert g595r["amp_level"] == "D"  # a cell-line study in a pan-cancer item
    repotrectinib = next(o for o in g595r["rescue_options"] if o["regimen"] == "repotrectinib")
    assert repotrectinib["applicability"] == "applies"
    assert civic_items(repotrectinib["sources"]) == {"EID11347"}
    assert data["sample"]["therapies"] == ["larotrectinib"]


def test_t790m_after_erlotinib_gets_osimertinib_citing_both_sources(cli, tmp_path):
    data = annotate(cli, tmp_path, ["EGFR\tL858R\t12%\t\t3000\n", "EGFR\tT790M\t6%\t\t3000\n"],
                    "erlotinib")
    t790m = finding(data, "EGFR", "T790M")
    assert t790m["kb_entry"] == "EGFR-T790M" and t790m["kb_sources"] == ["reviews", "CIViC"]
    # the strongest level that applies: CIViC EID238 (level A, NSCLC)
    assert t790m["amp_level"] == "A" and "EID238" in civic_items(t790m["sources"])
    osimertinib = t790m["rescue_options"][0]
    assert osimertinib["regimen"] == "osimertinib" and osimertinib["applicability"] == "applies"
    assert osimertinib["kb_entry"] == "R-EGFR-T790M-OSI"
    assert osimertinib["kb_sources"] == ["reviews", "CIViC"]
    assert osimertinib["sources"][0] == "001_0266a875e78a1158.txt §1"
    assert {"EID1592", "EID1867"} <= civic_items(osimertinib["sources"])
    assert [o["regimen"] for o in t790m["rescue_options"]].count("osimertinib") == 1


def test_options_rank_by_amp_level_then_by_civic_rating(cli, tmp_path):
    data = annotate(cli, tmp_path, [FUSION, "ALK\tL1196M\t4%\t\t3000\n"], "crizotinib")
    options = finding(data, "ALK", "L1196M")["rescue_options"]
    for group in ("applies", "undetermined", "does_not_apply"):
        keys = [(AMP_ORDER.index(o["amp_level"]) if o["amp_level"] else 4,
                 -(o["civic_rating"] or 0)) for o in options if o["applicability"] == group]
        assert keys == sorted(keys)
    assert [o["amp_level"] for o in options[:2]] == ["A", "B"]


def test_evidence_from_another_tumour_type_is_at_most_level_c(cli, tmp_path):
    """CIViC EID8851 (level A) is a trial in medullary thyroid cancer: level C here."""
    data = annotate(cli, tmp_path, ["RET\tfusion\t8%\t\t3000\n", "RET\tV804M\t3%\t\t3000\n"],
                    "vandetanib")
    options = finding(data, "RET", "V804M")["rescue_options"]
    civic = next(o for o in options if o["kb_entry"] == "CIVIC-R-EID8851")
    assert "level A" in civic["sources"][0] and civic["amp_level"] == "C"


def test_a_conflicting_pair_shows_both_sides(cli, tmp_path):
    """ALK V1180L: the reviews say it resists brigatinib, CIViC EID1291 that it responds."""
    data = annotate(cli, tmp_path, [FUSION, "ALK\tV1180L\t4%\t\t3000\n"], "brigatinib")
    v1180l = finding(data, "ALK", "V1180L")
    assert v1180l["context_match"] is True and "brigatinib" in v1180l["resists"]
    conflict = next(c for c in v1180l["conflicts"]
                    if c["therapies"] == ["brigatinib"] and c["kind"] == "same_alteration")
    [against] = conflict["resistance"]
    [for_it] = conflict["sensitivity"]
    assert against["source"] == "reviews" and against["kb_entries"] == ["ALK-BRIG"]
    assert against["evidence_level"] == "preclinical" and against["amp_level"] == "D"
    assert against["sources"] == ["001_0266a875e78a1158.txt §1",
                                  "002_fce93f3a4ac3b636.txt §2.1.5"]
    assert for_it["source"] == "CIViC" and for_it["kb_entries"] == []  # left out by the import
    assert civic_items(for_it["sources"]) == {"EID1291"} and for_it["amp_level"] == "D"
    assert conflict["note"].startswith("The sources disagree on brigatinib for ALK V1180L: "
                                       "resistance per the reviews")


def test_alk_amplification_and_brigatinib_disagree_after_crizotinib(cli, tmp_path):
    """The reviews: ALK amplification resists brigatinib; CIViC EID4835: brigatinib works
    after crizotinib in ALK-positive NSCLC, not for this alteration in particular."""
    data = annotate(cli, tmp_path, [FUSION, "ALK\tamplification\t\t8\t\n"], "crizotinib")
    amplification = finding(data, "ALK", "amplification")
    conflict = next(c for c in amplification["conflicts"] if c["therapies"] == ["brigatinib"])
    assert conflict["kind"] == "option_not_linked"
    assert [e["kb_entries"] for e in conflict["resistance"]] == [["ALK-AMP-BRIG"]]
    assert civic_items(conflict["sensitivity"][0]["sources"]) == {"EID4835"}
    assert "not for this alteration in particular" in conflict["note"]
    # and brigatinib is not offered as if nothing said otherwise
    assert not any(o["drugs"] == ["brigatinib"] for o in amplification["rescue_options"])


def test_conflicts_only_on_therapies_that_matter_here(cli, tmp_path):
    """EGFR T790M on erlotinib shows the afatinib disagreement (afatinib is among the drugs
    T790M resists in this driver context), and none about drugs of another context."""
    data = annotate(cli, tmp_path, ["EGFR\tL858R\t12%\t\t3000\n", "EGFR\tT790M\t6%\t\t3000\n"],
                    "erlotinib")
    conflicts = finding(data, "EGFR", "T790M")["conflicts"]
    assert {tuple(c["therapies"]) for c in conflicts} == {("afatinib",), ("dacomitinib",)}
    assert all(c["resistance"] and c["sensitivity"] for c in conflicts)


def test_one_regimen_from_both_sources_shows_the_strongest_level_of_either():
    """The same regimen documented by the reviews (a clinical study, at most level B) and by
    a validated CIViC item (level A) is one option; its evidence and AMP levels are the
    strongest of the two, whichever source's wording it keeps."""
    def option(entry: str, source: str, level: EvidenceLevel, amp: str) -> RescueOption:
        return RescueOption(regimen="Lorlatinib", drugs=["lorlatinib"], condition=None,
                            evidence_level=level, amp_level=amp, evidence="", trials=[],
                            sources=[entry], kb_entry=entry, kb_entries=[entry],
                            kb_sources=[source])

    merged = merge_same_verdict([option("RX-REVIEW", "reviews", EvidenceLevel.CLINICAL, "B"),
                                 option("RX-CIVIC", "CIViC", EvidenceLevel.APPROVED, "A")])
    assert len(merged) == 1
    assert (merged[0].kb_entry, merged[0].evidence_level, merged[0].amp_level) == \
        ("RX-REVIEW", EvidenceLevel.APPROVED, "A")
    assert merged[0].kb_entries == ["RX-REVIEW", "RX-CIVIC"]
