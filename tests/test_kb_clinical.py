"""Curation decisions a tumour-board reviewer relies on, checked through `annotate`.

Each case is a small plasma panel export as a vendor would send it; the expected reading is the
one the seed reviews state (cited in each entry's sources).
"""

import pytest

HEADER = "gene\talteration\ttype\tvaf\tcopy_number\tpartner\n"


def _panel(tmp_path, rows: list[str], name: str = "plasma.tsv"):
    path = tmp_path / name
    path.write_text(HEADER + "".join(r + "\n" for r in rows))
    return path


def _findings(data) -> dict:
    return {(f["gene"], f["alteration"]): f for f in data["findings"]}


def _others(data) -> dict:
    return {(o["gene"], o["alteration"]): o for o in data["other_alterations"]}


def test_c797s_without_t790m_keeps_first_generation_options(cli, tmp_path):
    panel = _panel(tmp_path, ["EGFR\tp.L858R\tsnv\t0.12\t\t", "EGFR\tp.C797S\tsnv\t0.03\t\t"])
    data = cli.annotate(panel, "--therapy", "osimertinib")
    c797s = _findings(data)[("EGFR", "C797S")]
    assert c797s["context_match"] is True and c797s["category"] == "on_target"
    options = {o["kb_entry"]: o for o in c797s["rescue_options"]}
    first_generation = options["R-EGFR-C797S-NO-T790M"]
    assert first_generation["condition_status"] == "met"
    assert first_generation["applicability"] == "applies"  # tumour fraction 24%: T790M absent
    # trans/cis and fourth-generation options need T790M, which is absent: listed as not
    # applying, with the reason
    for entry in ("R-EGFR-C797S-TRANS", "R-EGFR-4G-EAI045"):
        assert options[entry]["applicability"] == "does_not_apply"
        assert any(r["kind"] == "condition_not_met" and "T790M is not detected" in r["detail"]
                   for r in options[entry]["reasons"])


def test_alk_g1202r_after_crizotinib_is_not_offered_a_second_generation_tki(cli, tmp_path):
    panel = _panel(tmp_path, ["ALK\tfusion\tfusion\t0.05\t\tEML4",
                              "ALK\tp.G1202R\tsnv\t0.02\t\t",
                              "ALK\tp.C1156Y\tsnv\t0.01\t\t"])
    data = cli.annotate(panel, "--therapy", "crizotinib")
    assert data["sample"]["driver"]["gene"] == "ALK"
    found = _findings(data)
    g1202r, c1156y = found[("ALK", "G1202R")], found[("ALK", "C1156Y")]
    assert g1202r["context_match"] and c1156y["context_match"]
    assert "alectinib" not in [d for o in g1202r["rescue_options"] for d in o["drugs"]]
    assert not any("second-generation" in o["regimen"] for o in g1202r["rescue_options"])
    approved = [o for o in c1156y["rescue_options"] if o["evidence_level"] == "approved"]
    assert [o["regimen"] for o in approved] == ["brigatinib"]


def test_g1202r_on_alectinib_is_explained_by_the_alectinib_entry(cli, tmp_path):
    panel = _panel(tmp_path, ["ALK\tfusion\tfusion\t0.05\t\tEML4",
                              "ALK\tp.G1202R\tsnv\t0.02\t\t"])
    data = cli.annotate(panel, "--therapy", "crizotinib", "--therapy", "alectinib")
    g1202r = _findings(data)[("ALK", "G1202R")]
    assert g1202r["kb_entry"] == "ALK-ALEC" and g1202r["context_match"] is True


def test_egfr_driver_is_never_read_as_alk_bypass(cli, tmp_path):
    """Without a therapy the driver is unknown; the broad 'EGFR mutation in ALK-TKI resistance'
    entry needs an ALK fusion in the sample, so the EGFR driver stays out of the findings."""
    panel = _panel(tmp_path, ["EGFR\tE746_A750del\tindel\t0.10\t\t",
                              "EGFR\tp.T790M\tsnv\t0.04\t\t"])
    data = cli.annotate(panel)
    assert ("EGFR", "exon 19 deletion") in _others(data)
    assert _findings(data)[("EGFR", "T790M")]["kb_entry"] == "EGFR-T790M"


def test_egfr_mutation_on_alk_tki_with_the_fusion_is_bypass(cli, tmp_path):
    panel = _panel(tmp_path, ["ALK\tfusion\tfusion\t0.06\t\tEML4",
                              "EGFR\tp.L858R\tsnv\t0.02\t\t"])
    data = cli.annotate(panel, "--therapy", "alectinib")
    egfr = _findings(data)[("EGFR", "L858R")]
    assert egfr["category"] == "bypass" and egfr["context_match"] is True
    assert any(o["drug_classes"] == ["EGFR TKI", "ALK TKI"] and o["drugs"] == []
               for o in egfr["rescue_options"])


def test_acquired_kras_on_a_g12c_inhibitor(cli, tmp_path):
    panel = _panel(tmp_path, ["KRAS\tp.G12C\tsnv\t0.08\t\t",
                              "KRAS\tp.Y96D\tsnv\t0.01\t\t",
                              "KRAS\tp.G12V\tsnv\t0.01\t\t"])
    data = cli.annotate(panel, "--therapy", "sotorasib")
    assert data["sample"]["driver"] == {"gene": "KRAS", "alteration": "G12C"}
    found = _findings(data)
    for change in ("Y96D", "G12V"):
        assert found[("KRAS", change)]["category"] == "on_target"
        assert found[("KRAS", change)]["context_match"] is True
        assert "sotorasib" in found[("KRAS", change)]["resists"]


def test_kras_g12c_driver_is_not_read_as_egfr_tki_resistance(cli, tmp_path):
    panel = _panel(tmp_path, ["KRAS\tp.G12C\tsnv\t0.08\t\t"])
    data = cli.annotate(panel)
    assert ("KRAS", "G12C") in _others(data)


@pytest.mark.parametrize("therapies,entry,frequency", [
    (["erlotinib"], "MET-AMP-EGFR-1G2G", "5%–22%"),
    (["icotinib"], "MET-AMP-EGFR-1G2G", "5%–22%"),
    (["dacomitinib"], "MET-AMP-EGFR-1G2G", "5%–22%"),
    (["osimertinib"], "MET-AMP-EGFR-3G", "10%–26%"),
    (["rociletinib"], "MET-AMP-EGFR-3G", "rociletinib 26%"),
])
def test_met_amplification_frequency_follows_the_egfr_tki_generation(cli, tmp_path, therapies,
                                                                     entry, frequency):
    panel = _panel(tmp_path, ["EGFR\tp.L858R\tsnv\t0.10\t\t",
                              "MET\tamplification\tamplification\t\t7.5\t"])
    args = [a for t in therapies for a in ("--therapy", t)]
    met = _findings(cli.annotate(panel, *args))[("MET", "amplification")]
    assert met["kb_entry"] == entry and met["context_match"] is True
    assert frequency in met["frequency"]


def test_met_amplification_after_rociletinib_offers_crizotinib_only_there(cli, tmp_path):
    panel = _panel(tmp_path, ["EGFR\tp.L858R\tsnv\t0.10\t\t",
                              "MET\tamplification\tamplification\t\t7.5\t"])
    regimens = {}
    for drug in ("rociletinib", "osimertinib"):
        met = _findings(cli.annotate(panel, "--therapy", drug))[("MET", "amplification")]
        regimens[drug] = [o["regimen"] for o in met["rescue_options"]]
    assert "crizotinib" in regimens["rociletinib"]
    assert "crizotinib" not in regimens["osimertinib"]


def test_alk_context_lists_what_plasma_dna_cannot_show(cli, tmp_path):
    panel = _panel(tmp_path, ["ALK\tfusion\tfusion\t0.06\t\tEML4"])
    data = cli.annotate(panel, "--therapy", "lorlatinib")
    ids = {n["kb_entry"] for n in data["not_assessable"]}
    assert {"NA-HISTO-ALK", "NA-HGF-ALK"} <= ids
    assert not any(i.endswith("-EGFR") for i in ids)
