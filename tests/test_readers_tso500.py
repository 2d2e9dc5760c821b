"""Illumina TSO500 CombinedVariantOutput.tsv: sectioned, padded, with empty (`NA`) blocks."""

import pytest

from readers_helpers import read

BANNER = "TruSight Oncology 500 - Combined Variant Output\t\t\t\t\t\n\t\t\t\t\t\n"
DETAILS = "[Analysis Details]\t\t\t\t\t\nDNA Sample ID\tS1\t\t\t\t\n\t\t\t\t\t\n"


def _cvo(tmp_path, *blocks: str):
    path = tmp_path / "S1_CombinedVariantOutput.tsv"
    path.write_text(BANNER + DETAILS + "".join(f"{b}\t\t\t\t\t\n" for b in blocks))
    return path


def test_an_na_block_holds_nothing(tmp_path):
    path = _cvo(tmp_path, "[Fusions]\t\t\t\t\t\nGene Pair\tBreakpoint 1\tBreakpoint 2\t"
                "Fusion Supporting Reads\t\t\nNA\t\t\t\t\t\n")
    result = read(path)
    assert (result.sample, result.input_records, result.alterations) == ("S1", 0, [])


@pytest.mark.parametrize("pair,key", [
    ("EML4-ALK", ("ALK", "fusion", "EML4")),
    ("ALK-EML4", ("ALK", "fusion", "EML4")),
    # the genes one breakpoint overlaps: the knowledge base's kinase is taken
    ("CD74-ROS1;GOPC", ("ROS1", "fusion", "CD74")),
    ("KIF5B;KIF5B-AS1-RET", ("RET", "fusion", "KIF5B")),
])
def test_gene_pairs(tmp_path, pair, key):
    path = _cvo(tmp_path, "[Fusions]\t\t\t\t\t\nGene Pair\tBreakpoint 1\tBreakpoint 2\t"
                f"Fusion Supporting Reads\t\t\n{pair}\tchr2:1\tchr2:2\t41\t\t\n")
    (fusion,) = read(path).alterations
    assert (fusion.key, fusion.alt_depth) == (key, 41)


def test_amplification_fold_change_and_splice_variant(tmp_path):
    path = _cvo(tmp_path, "[Gene Amplifications]\t\t\t\t\t\nGene\tFold Change\t\t\t\t\n"
                "MET\t3.412\t\t\t\t\n", "[Splice Variants]\t\t\t\t\t\nGene\tAffected Exon\t"
                "Breakpoint 1\tBreakpoint 2\tSplice Supporting Reads\t\nMET\t14/21\tchr7:1\t"
                "chr7:2\t57\t\n")
    calls = {a.alteration: a for a in read(path).alterations}
    assert calls["amplification"].copy_number == 6.82  # 2 x fold change
    assert calls["exon 14 skipping"].alt_depth == 57
