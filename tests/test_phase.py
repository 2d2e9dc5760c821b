"""Phase of EGFR T790M and C797S from reads: fragment counting, and the cis/trans/undetermined
calls at their boundaries."""

import pytest

from bamfixtures import C797S, T790M, Fragment, fragments, make_bam
from ctdna_resist.model import PhaseReads


@pytest.fixture(scope="module")
def thresholds(kb):
    return dict(kb.thresholds)


def _sites():
    from ctdna_resist.model import Alteration, Kind
    from ctdna_resist.phase import site_of

    t790m = Alteration("EGFR", "T790M", Kind.SNV, chrom="chr7", pos=T790M[0], ref=T790M[1],
                       alt=T790M[2])
    c797s = Alteration("EGFR", "C797S", Kind.SNV, chrom="chr7", pos=C797S[0], ref=C797S[1],
                       alt=C797S[2])
    return site_of(t790m), site_of(c797s)


def _count(tmp_path, frags, thresholds):
    import pysam

    from ctdna_resist.phase import count_fragments

    path = make_bam(tmp_path / "reads.bam", frags)
    t790m, c797s = _sites()
    with pysam.AlignmentFile(str(path)) as bam:
        return count_fragments(bam, t790m, c797s, thresholds)


def test_overlapping_mates_are_one_fragment(tmp_path, thresholds):
    reads, excluded = _count(tmp_path, fragments(both=6, neither=4), thresholds)
    assert reads == PhaseReads(both=6, this_only=0, other_only=0, neither=4)
    assert sum(excluded.values()) == 0


def test_mates_covering_one_site_each_phase_the_fragment(tmp_path, thresholds):
    reads, _ = _count(tmp_path, fragments(both=3, t790m_only=2, layout="split"), thresholds)
    assert reads == PhaseReads(both=3, this_only=2, other_only=0, neither=0)


def test_duplicates_secondary_and_low_mapq_reads_are_not_counted(tmp_path, thresholds):
    frags = fragments(both=2) + fragments(both=5, duplicate=True) + \
        fragments(both=4, secondary=True) + fragments(c797s_only=3, mapq=10)
    reads, excluded = _count(tmp_path, frags, thresholds)
    assert reads == PhaseReads(both=2, this_only=0, other_only=0, neither=0)
    assert excluded["duplicate"] == 10  # reads: 5 pairs
    assert excluded["secondary_or_supplementary"] == 8
    assert excluded["low_mapping_quality"] == 6


def test_low_quality_bases_disagreeing_mates_and_one_site_fragments_are_set_aside(
        tmp_path, thresholds):
    frags = fragments(both=2) + fragments(both=3, low_quality_at_c797s=True) + \
        [Fragment("alt", "alt", mate2_c797s="ref") for _ in range(4)] + \
        fragments(t790m_only=5, layout="one_site")
    reads, excluded = _count(tmp_path, frags, thresholds)
    assert reads.both == 2
    assert excluded["low_base_quality"] == 3
    assert excluded["mate_conflict"] == 4
    assert excluded["one_site_only"] == 5


@pytest.mark.parametrize("reads, call", [
    # cis: both >= 5 and, for one variant, >= 90% of its fragments carry the other
    ({"both": 5, "this_only": 20, "other_only": 0}, "cis"),
    ({"both": 4, "this_only": 20, "other_only": 0}, "undetermined"),
    ({"both": 9, "this_only": 20, "other_only": 1}, "cis"),          # 9/10 = 0.9
    ({"both": 8, "this_only": 20, "other_only": 1}, "undetermined"),  # 8/9 < 0.9: mixed
    # trans: each alone >= 5 and at most 10% of either variant's fragments carry both
    ({"both": 0, "this_only": 5, "other_only": 5}, "trans"),
    ({"both": 0, "this_only": 5, "other_only": 4}, "undetermined"),
    ({"both": 1, "this_only": 20, "other_only": 9}, "trans"),        # 1/10 = 0.1
    ({"both": 1, "this_only": 20, "other_only": 8}, "undetermined"),  # 1/9 > 0.1
    ({"both": 0, "this_only": 0, "other_only": 0}, "undetermined"),
])
def test_phase_calls_at_their_boundaries(reads, call, thresholds):
    from ctdna_resist.phase import call_phase

    got, reason = call_phase(PhaseReads(**reads, neither=100), thresholds)
    assert got == call, reason


def test_call_thresholds_are_configurable(thresholds):
    from ctdna_resist.phase import call_phase

    reads = PhaseReads(both=3, this_only=10, other_only=0, neither=50)
    assert call_phase(reads, thresholds)[0] == "undetermined"
    assert call_phase(reads, {**thresholds, "phase_min_fragments": 3})[0] == "cis"


def _indel_read(cigar, sequence, start):
    import pysam

    header = pysam.AlignmentHeader.from_dict({"SQ": [{"SN": "chr7", "LN": 1000}]})
    read = pysam.AlignedSegment(header)
    read.query_name, read.reference_id, read.reference_start = "r", 0, start
    read.query_sequence, read.cigarstring = sequence, cigar
    read.query_qualities = pysam.qualitystring_to_array("I" * len(sequence))
    return read


def test_deletions_and_insertions_are_read_from_the_alignment():
    from ctdna_resist.phase import ALT, OTHER, REF, Site, read_allele

    deletion = Site("chr7", 104, "AGT", "A")  # anchor at 104, deletes 105-106
    insertion = Site("chr7", 104, "A", "ACC")  # inserts CC after 104
    ref_read = _indel_read("20M", "A" * 20, 100)
    del_read = _indel_read("5M2D10M", "A" * 15, 100)
    other_del = _indel_read("5M1D10M", "A" * 15, 100)
    ins_read = _indel_read("5M2I10M", "AAAAACCAAAAAAAAAA", 100)
    assert read_allele(ref_read, deletion, 20) == REF
    assert read_allele(del_read, deletion, 20) == ALT
    assert read_allele(other_del, deletion, 20) == OTHER
    assert read_allele(ref_read, insertion, 20) == REF
    assert read_allele(ins_read, insertion, 20) == ALT
    assert read_allele(del_read, insertion, 20) == OTHER
    assert read_allele(_indel_read("3M", "AAA", 100), deletion, 20) is None  # not covered


def test_variants_too_far_apart_are_not_phased_and_the_reason_is_in_words(tmp_path, thresholds):
    from ctdna_resist.model import Alteration, Kind, PhaseCall
    from ctdna_resist.phase import phase_alterations

    bam = make_bam(tmp_path / "reads.bam", fragments(both=6, neither=4))
    t790m = Alteration("EGFR", "T790M", Kind.SNV, chrom="chr7", pos=T790M[0], ref=T790M[1],
                       alt=T790M[2])
    l858r = Alteration("EGFR", "L858R", Kind.SNV, chrom="chr7", pos=55191822, ref="T", alt="G")
    (phase,) = phase_alterations([t790m, l858r], bam, thresholds).values()
    assert phase.call == PhaseCall.UNDETERMINED
    assert phase.method == ("undetermined: 10444 bp apart, beyond the 300 bp within which two "
                            "variants are phased")
