"""Small BAM files built in the tests: read pairs over EGFR T790M and C797S on a synthetic chr7.

The reads sit at the GRCh38 positions of the example patient's VCF: T790M chr7:55181378 C>T and
C797S chr7:55181398 T>A (1-based). The reference bases around them are synthetic (seeded), so
only the two variant sites carry meaning.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from pathlib import Path

CHR7_LENGTH = 159_345_973  # GRCh38 chr7
T790M = (55181378, "C", "T")
C797S = (55181398, "T", "A")
WINDOW_START = 55181200  # 0-based start of the synthetic sequence
_rng = random.Random(7)
_SEQ = list("".join(_rng.choice("ACGT") for _ in range(400)))
for _pos, _ref, _ in (T790M, C797S):
    _SEQ[_pos - 1 - WINDOW_START] = _ref
REFERENCE = "".join(_SEQ)


@dataclass
class Fragment:
    """One DNA fragment sequenced as a read pair. `t790m`/`c797s`: 'alt' or 'ref' allele.

    layout: 'overlap' (both mates cover both sites), 'split' (read 1 covers T790M only, read 2
    C797S only), 'one_site' (the pair covers T790M only).
    """

    t790m: str
    c797s: str
    layout: str = "overlap"
    duplicate: bool = False
    mapq: int = 60
    low_quality_at_c797s: bool = False  # both mates: base quality 5 at the C797S site
    mate2_c797s: str | None = None  # read 2 shows another C797S allele than read 1
    secondary: bool = False


def _bases(start: int, length: int, fragment: Fragment, mate: int) -> str:
    seq = list(REFERENCE[start - WINDOW_START:start - WINDOW_START + length])
    c797s = fragment.mate2_c797s if (mate == 2 and fragment.mate2_c797s) else fragment.c797s
    for (pos, _ref, alt), allele in ((T790M, fragment.t790m), (C797S, c797s)):
        offset = pos - 1 - start
        if 0 <= offset < length and allele == "alt":
            seq[offset] = alt
    return "".join(seq)


def _layout(fragment: Fragment) -> tuple[tuple[int, int], tuple[int, int]]:
    """(start, length) of read 1 and read 2, 0-based."""
    t790m0, c797s0 = T790M[0] - 1, C797S[0] - 1
    if fragment.layout == "overlap":
        return (t790m0 - 60, 100), (t790m0 - 20, 100)
    if fragment.layout == "split":
        return (t790m0 - 80, 90), (c797s0 - 5, 90)  # read 1 ends before C797S
    if fragment.layout == "one_site":
        return (t790m0 - 80, 90), (t790m0 - 70, 80)  # neither mate reaches C797S
    raise ValueError(fragment.layout)


def make_bam(path: Path, fragments: list[Fragment]) -> Path:
    """Write `fragments` as a sorted, indexed BAM at `path`."""
    import pysam

    header = {"HD": {"VN": "1.6", "SO": "unsorted"},
              "SQ": [{"SN": "chr7", "LN": CHR7_LENGTH}]}
    unsorted = path.with_suffix(".unsorted.bam")
    with pysam.AlignmentFile(str(unsorted), "wb", header=header) as out:
        for number, fragment in enumerate(fragments):
            (s1, l1), (s2, l2) = _layout(fragment)
            for mate, (start, length), (mate_start, _) in ((1, (s1, l1), (s2, l2)),
                                                           (2, (s2, l2), (s1, l1))):
                read = pysam.AlignedSegment(out.header)
                read.query_name = f"frag{number:05d}"
                read.query_sequence = _bases(start, length, fragment, mate)
                read.reference_id = 0
                read.reference_start = start
                read.cigartuples = [(0, length)]
                read.mapping_quality = fragment.mapq
                flag = 0x1 | 0x2 | (0x40 if mate == 1 else 0x80) | (0x10 if mate == 2 else 0x20)
                flag |= 0x400 if fragment.duplicate else 0
                flag |= 0x100 if fragment.secondary else 0
                read.flag = flag
                read.next_reference_id = 0
                read.next_reference_start = mate_start
                read.template_length = (max(s1 + l1, s2 + l2) - min(s1, s2)) * \
                    (1 if mate == 1 else -1)
                quals = [37] * length
                if fragment.low_quality_at_c797s:
                    offset = C797S[0] - 1 - start
                    if 0 <= offset < length:
                        quals[offset] = 5
                read.query_qualities = pysam.qualitystring_to_array(
                    "".join(chr(q + 33) for q in quals))
                out.write(read)
    pysam.sort("-o", str(path), str(unsorted))
    pysam.index(str(path))
    unsorted.unlink()
    return path


def fragments(t790m_only: int = 0, c797s_only: int = 0, both: int = 0, neither: int = 0,
              **options) -> list[Fragment]:
    """Fragments by haplotype, all with the same options."""
    out = []
    for count, alleles in ((t790m_only, ("alt", "ref")), (c797s_only, ("ref", "alt")),
                           (both, ("alt", "alt")), (neither, ("ref", "ref"))):
        out += [Fragment(*alleles, **options) for _ in range(count)]
    return out
