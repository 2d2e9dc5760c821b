"""Genes, drugs and alterations as readers see them: aliases, brands, class events, fusions."""

import pytest

from ctdna_resist.errors import UsageError
from ctdna_resist.model import Kind


@pytest.mark.parametrize("written,symbol", [
    ("HER2", "ERBB2"), ("her2", "ERBB2"), ("ERBB2", "ERBB2"), ("NEU", "ERBB2"),
    ("c-MET", "MET"), ("HER3", "ERBB3"), ("ERBB1", "EGFR"), ("egfr", "EGFR"),
])
def test_gene_aliases(kb, written, symbol):
    assert kb.genes.resolve(written) == symbol


def test_unknown_gene_is_kept_as_written(kb):
    assert kb.genes.resolve("NOTAGENE1") is None
    assert kb.genes.normalise("notagene1") == "NOTAGENE1"


@pytest.mark.parametrize("written,generic", [
    ("osimertinib", "osimertinib"), ("Tagrisso", "osimertinib"), ("AZD9291", "osimertinib"),
    ("azd-9291", "osimertinib"), ("TAGRISSO", "osimertinib"), ("Iressa", "gefitinib"),
    ("AMG 510", "sotorasib"), ("AMG510", "sotorasib"), ("MRTX849", "adagrasib"),
])
def test_therapy_names_normalised(kb, written, generic):
    therapy = kb.drugs.therapy(written)
    assert therapy.drugs == (generic,)
    assert therapy.name == generic


def test_combination_therapy(kb):
    therapy = kb.drugs.therapy("Tafinlar + trametinib")
    assert therapy.name == "dabrafenib+trametinib"
    assert therapy.drugs == ("dabrafenib", "trametinib")


def test_therapy_class_line(kb):
    therapy = kb.drugs.therapy("chemotherapy")
    assert therapy.name == "chemotherapy"
    assert "carboplatin" in therapy.drugs


@pytest.mark.parametrize("written,name", [
    ("osimertinib+chemotherapy", "osimertinib+chemotherapy"),
    ("Tagrisso + Chemotherapy", "osimertinib+chemotherapy"),
    ("chemotherapy+osimertinib", "chemotherapy+osimertinib"),
    ("pembrolizumab+chemotherapy", "pembrolizumab+chemotherapy"),
])
def test_class_word_inside_a_combination(kb, written, name):
    """A class in a combination stands for its drugs, as a class line alone does (it was
    "unknown drug 'chemotherapy'; did you mean chemotherapy?")."""
    therapy = kb.drugs.therapy(written)
    assert therapy.name == name
    drug = name.split("+")[0] if name.split("+")[0] != "chemotherapy" else name.split("+")[1]
    assert drug in therapy.drugs
    assert set(kb.drugs.therapy("chemotherapy").drugs) <= set(therapy.drugs)
    assert len(therapy.drugs) == len(set(therapy.drugs))


def test_unknown_part_of_a_combination_names_that_part(kb):
    with pytest.raises(UsageError, match="unknown drug 'chemotherapie'; did you mean "
                                         "chemotherapy"):
        kb.drugs.therapy("osimertinib+chemotherapie")


def test_unknown_drug_lists_closest_names(kb):
    with pytest.raises(UsageError, match="unknown drug 'osimertenib'.*osimertinib"):
        kb.drugs.therapy("osimertenib")


def test_class_generation_expands_to_drugs(kb):
    from ctdna_resist.kb.patterns import parse_therapy_specs

    first = kb.expand(parse_therapy_specs("EGFR TKI:1"))
    assert {"gefitinib", "erlotinib", "icotinib"} <= set(first)
    assert "osimertinib" not in first
    assert "osimertinib" in kb.expand(parse_therapy_specs("EGFR TKI:3"))


@pytest.mark.parametrize("gene,text,alteration,hgvs_p,kind", [
    ("EGFR", "p.Glu746_Ala750del", "exon 19 deletion", "p.Glu746_Ala750del", Kind.INDEL),
    ("EGFR", "L747_P753delinsS", "exon 19 deletion", "p.Leu747_Pro753delinsSer", Kind.INDEL),
    ("EGFR", "exon 19 deletion", "exon 19 deletion", None, Kind.INDEL),
    ("EGFR", "p.T790M", "T790M", "p.Thr790Met", Kind.SNV),
    ("HER2", "amplification", "amplification", None, Kind.AMPLIFICATION),
    ("MET", "exon 14 skipping", "exon 14 skipping", None, Kind.SPLICE),
])
def test_builder_canonical_alterations(builder, gene, text, alteration, hgvs_p, kind):
    alt = builder.build(gene, text)
    assert (alt.alteration, alt.hgvs_p, alt.kind) == (alteration, hgvs_p, kind)


@pytest.mark.parametrize("gene,text,partner", [
    ("ALK", "fusion", "EML4"), ("EML4-ALK", "", None), ("ALK", "EML4-ALK", None),
    ("EML4", "fusion", "ALK"), ("ALK", "EML4--ALK fusion", None),
])
def test_fusions_name_the_kinase_gene(builder, gene, text, partner):
    alt = builder.build(gene, text, partner_text=partner)
    assert (alt.gene, alt.alteration, alt.partner) == ("ALK", "fusion", "EML4")


@pytest.mark.parametrize("gene,text,expected", [
    # a gene written apart is one gene, read before any pair (ERBB alone is an EGFR alias)
    ("ERBB-2", "amplification", ("ERBB2", "amplification", None)),
    ("FGFR 1", "amplification", ("FGFR1", "amplification", None)),
    ("c-KIT", "amplification", ("KIT", "amplification", None)),
    # a symbol holding a hyphen is no pair, known to the knowledge base or not
    ("NKX2-1", "amplification", ("NKX2-1", "amplification", None)),
    # a pair needs a known gene and pieces written like symbols
    ("ALK", "XYZ-ALK", ("ALK", "fusion", "XYZ")),
    ("RET", "KIF5B::RET", ("RET", "fusion", "KIF5B")),
])
def test_genes_read_as_whole_symbols_before_pairs(builder, gene, text, expected):
    alt = builder.build(gene, text)
    assert (alt.gene, alt.alteration, alt.partner) == expected


@pytest.mark.parametrize("text", ["T790M/C797S", "T790M;C797S", "L858R, T790M",
                                  "T790M + C797S", "exon 19 deletion/T790M"])
def test_two_changes_in_one_cell_are_an_error_never_a_fusion(builder, text):
    from ctdna_resist.normalize.alterations import AlterationError

    with pytest.raises(AlterationError, match="changes in one cell") as caught:
        builder.build("EGFR", text)
    assert caught.value.reason == "several changes in one cell"
