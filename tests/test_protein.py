"""Protein-change and class-word parsing: every spelling DESIGN.md lists, table-driven."""

import pytest

from ctdna_resist.normalize.protein import parse_class_word, parse_protein_change

SPELLINGS = [
    # as written                     canonical           HGVS p.
    ("p.T790M", "T790M", "p.Thr790Met"),
    ("T790M", "T790M", "p.Thr790Met"),
    ("p.Thr790Met", "T790M", "p.Thr790Met"),
    ("p.(Thr790Met)", "T790M", "p.Thr790Met"),
    ("Thr790Met", "T790M", "p.Thr790Met"),
    ("E746_A750del", "E746_A750del", "p.Glu746_Ala750del"),
    ("p.Glu746_Ala750del", "E746_A750del", "p.Glu746_Ala750del"),
    ("E746_A750delELREA", "E746_A750del", "p.Glu746_Ala750del"),
    ("E746-A750del", "E746_A750del", "p.Glu746_Ala750del"),
    ("A767_V769dup", "A767_V769dup", "p.Ala767_Val769dup"),
    ("p.Ala767_Val769dup", "A767_V769dup", "p.Ala767_Val769dup"),
    ("D770_N771insSVD", "D770_N771insSVD", "p.Asp770_Asn771insSerValAsp"),
    ("p.Asp770_Asn771insSerValAsp", "D770_N771insSVD", "p.Asp770_Asn771insSerValAsp"),
    ("L747_P753delinsS", "L747_P753delinsS", "p.Leu747_Pro753delinsSer"),
    ("p.Glu746AlafsTer5", "E746fs", "p.Glu746fs"),
    ("R1000*", "R1000*", "p.Arg1000Ter"),
    ("p.Arg1000Ter", "R1000*", "p.Arg1000Ter"),
    ("p.Thr790=", "T790=", "p.Thr790="),
    ("p.L858R", "L858R", "p.Leu858Arg"),
]


@pytest.mark.parametrize("text,short,hgvs", SPELLINGS)
def test_protein_change_spellings_are_one_value(text, short, hgvs):
    change = parse_protein_change(text)
    assert change is not None, text
    assert change.short() == short
    assert change.hgvs() == hgvs
    assert parse_protein_change(change.hgvs()) == change  # round trip


@pytest.mark.parametrize("text", ["", "amplification", "G796X", "T790", "p.", "790M", "EGFR"])
def test_non_changes_are_not_parsed(text):
    assert parse_protein_change(text) is None


CLASS_WORDS = [
    ("exon 19 deletion", "exon 19 deletion"), ("Exon 19 Deletion", "exon 19 deletion"),
    ("ex19del", "exon 19 deletion"), ("Ex19Del", "exon 19 deletion"),
    ("exon 19 in-frame deletion", "exon 19 deletion"),
    ("exon 20 insertion", "exon 20 insertion"), ("ex20ins", "exon 20 insertion"),
    ("exon 14 skipping", "exon 14 skipping"), ("METex14", "exon 14 skipping"),
    ("exon 14 splice site", "exon 14 skipping"), ("exon 16 skipping", "exon 16 skipping"),
    ("amplification", "amplification"), ("Amplification", "amplification"),
    ("amp", "amplification"), ("deletion", "deletion"), ("homozygous deletion", "deletion"),
    ("fusion", "fusion"), ("rearrangement", "fusion"),
    ("kinase domain duplication", "kinase domain duplication"),
]


@pytest.mark.parametrize("text,canonical", CLASS_WORDS)
def test_class_words(text, canonical):
    assert parse_class_word(text) == canonical


def test_in_frame_loss_and_gain():
    assert parse_protein_change("E746_A750del").in_frame_loss
    assert parse_protein_change("L747_P753delinsS").in_frame_loss
    assert parse_protein_change("A767_V769dup").in_frame_gain
    assert not parse_protein_change("T790M").in_frame_loss
