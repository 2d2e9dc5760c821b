"""Phase of nearby variants from reads (`--bam`): are two variants on the same allele (cis) or
on different alleles (trans)?

Unit: the fragment (a read pair, counted once). Reads that are unmapped, duplicates, secondary,
supplementary, QC-failed or below `phase_min_mapq` are skipped. At each variant site a read says
`alt`, `ref`, another allele, or nothing (not covering the site, or a base below
`phase_min_base_quality`). Mates are merged per site: one mate's call stands when the other says
nothing; mates that disagree leave the fragment uninformative at that site (counted as
`mate_conflict`, never guessed). A fragment informative at both sites counts once as `both`
(alt, alt), `this_only` (alt, ref), `other_only` (ref, alt) or `neither` (ref, ref).

Calls, with N = `phase_min_fragments` and, for each variant, the share of the fragments carrying
it that carry the other too (`co-occurrence`):
- cis: both >= N and the larger co-occurrence >= `phase_cis_min_fraction`;
- trans: this_only >= N, other_only >= N and both co-occurrences <= `phase_trans_max_fraction`;
- otherwise undetermined (too few fragments, or mixed: some cis, some trans).
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import combinations
from pathlib import Path

from .errors import InputError
from .model import Alteration, Kind, Phase, PhaseCall, PhaseReads

ALT, REF, OTHER, LOWQ = "alt", "ref", "other", "low_base_quality"
_SMALL = (Kind.SNV, Kind.INDEL, Kind.SPLICE)
_SKIP_FLAGS = {"duplicate": 0x400, "secondary_or_supplementary": 0x100 | 0x800,
               "qc_fail": 0x200, "unmapped": 0x4}
NO_BAM = "no reads given (--bam): phase unknown"


@dataclass(frozen=True)
class PairPhase:
    """The phase of a pair of alterations as read: counts are from the point of view of `this`
    (the key of the first of the pair), `None` when no reads were counted."""

    call: PhaseCall
    reads: PhaseReads
    method: str
    excluded: dict[str, int] | None = None
    this: tuple | None = None


@dataclass(frozen=True)
class Site:
    """A variant in 0-based reference coordinates, trimmed of the shared leading base(s)."""

    chrom: str
    start: int  # first reference base compared (SNV/MNV), or the anchor base (indels)
    ref: str
    alt: str

    @property
    def kind(self) -> str:
        if len(self.ref) == len(self.alt):
            return "sub"
        if len(self.alt) == 1 and self.ref[0] == self.alt:
            return "del"
        if len(self.ref) == 1 and self.alt[0] == self.ref:
            return "ins"
        return "complex"

    @property
    def end(self) -> int:
        return self.start + len(self.ref)


def site_of(alteration: Alteration) -> Site | None:
    a = alteration
    if not (a.chrom and a.pos and a.ref and a.alt):
        return None
    ref, alt, start = a.ref.upper(), a.alt.upper(), a.pos - 1
    while len(ref) > 1 and len(alt) > 1 and ref[0] == alt[0]:  # keep one anchor base
        ref, alt, start = ref[1:], alt[1:], start + 1
    return Site(a.chrom, start, ref, alt)


_CONSUMES_REF = {0: True, 1: False, 2: True, 3: True, 4: False, 5: False, 6: False, 7: True,
                 8: True}
_CONSUMES_QUERY = {0: True, 1: True, 2: False, 3: False, 4: True, 5: False, 6: False, 7: True,
                   8: True}


@dataclass
class ReadView:
    """What allele calling needs from one read, taken once (pysam builds these on each access):
    the sequence, qualities, and the CIGAR as blocks (op, length, ref start, query start)."""

    start: int
    end: int
    seq: str
    quals: object
    blocks: list[tuple[int, int, int, int]]

    @classmethod
    def of(cls, read) -> ReadView:
        blocks, ref, query = [], read.reference_start, 0
        for op, length in read.cigartuples or ():
            blocks.append((op, length, ref, query))
            ref += length if _CONSUMES_REF[op] else 0
            query += length if _CONSUMES_QUERY[op] else 0
        return cls(read.reference_start, read.reference_end or read.reference_start,
                   read.query_sequence or "", read.query_qualities, blocks)

    def locate(self, ref_pos: int) -> tuple[int, int | None]:
        """(index of the block holding ref_pos, its query position or None when deleted)."""
        for index, (op, length, ref, query) in enumerate(self.blocks):
            if _CONSUMES_REF[op] and ref <= ref_pos < ref + length:
                if _CONSUMES_QUERY[op]:
                    return index, query + ref_pos - ref
                return index, None
        return -1, None


def read_allele(read, site: Site, min_bq: int) -> str | None:
    """What one aligned read shows at the site: ALT, REF, OTHER, LOWQ (a base below `min_bq`),
    or None (not covering the site). `read` is a pysam read or a `ReadView` of one."""
    view = read if isinstance(read, ReadView) else ReadView.of(read)
    indel = site.kind in ("del", "ins")
    if view.start > site.start or view.end < site.end + (1 if indel else 0):
        return None
    if site.kind == "complex":
        return None
    if site.kind == "sub":
        bases = []
        for offset in range(len(site.ref)):
            _, q = view.locate(site.start + offset)
            if q is None:
                return OTHER  # a deletion over the site: neither allele
            if view.quals is not None and view.quals[q] < min_bq:
                return LOWQ
            bases.append(view.seq[q])
        observed = "".join(bases)
        return ALT if observed == site.alt else REF if observed == site.ref else OTHER
    index, anchor_q = view.locate(site.start)
    if anchor_q is None:
        return OTHER
    if view.quals is not None and view.quals[anchor_q] < min_bq:
        return LOWQ
    # what follows the anchor in the alignment: inserted bases, deleted reference positions
    _, length, ref, _ = view.blocks[index]
    inserted, deleted = "", 0
    if site.start == ref + length - 1 and index + 1 < len(view.blocks):
        next_op, next_length, _, next_query = view.blocks[index + 1]
        if next_op == 1:
            inserted = view.seq[next_query:next_query + next_length]
        elif next_op == 2:
            deleted = next_length
    if site.kind == "del":
        want = len(site.ref) - 1
        return ALT if deleted == want and not inserted else \
            REF if not deleted and not inserted else OTHER
    return ALT if inserted == site.alt[1:] and not deleted else \
        REF if not inserted and not deleted else OTHER


def _merge(calls: list[str | None]) -> str | None:
    """Mates merged at one site: the informative call, 'conflict' when they disagree, LOWQ when
    only low-quality bases cover it, None when no mate covers it."""
    seen = {c for c in calls if c in (ALT, REF, OTHER)}
    if not seen:
        return LOWQ if LOWQ in calls else None
    return seen.pop() if len(seen) == 1 else "conflict"


def _contig(bam, chrom: str) -> str | None:
    names = set(bam.references)
    for name in (chrom, chrom.removeprefix("chr"), "chr" + chrom,
                 "MT" if chrom in ("chrM", "M") else chrom):
        if name in names:
            return name
    return None


def count_fragments(bam, a: Site, b: Site,
                    thresholds: dict[str, float]) -> tuple[PhaseReads, dict]:
    """Fragment counts at two sites (a = this, b = other) and what was left out, by reason."""
    min_mapq = thresholds["phase_min_mapq"]
    min_bq = int(thresholds["phase_min_base_quality"])
    contig = _contig(bam, a.chrom)
    excluded = {"duplicate": 0, "secondary_or_supplementary": 0, "qc_fail": 0,
                "low_mapping_quality": 0, "low_base_quality": 0, "mate_conflict": 0,
                "other_allele": 0, "one_site_only": 0}
    fragments: dict[str, tuple[list, list]] = {}
    start, end = min(a.start, b.start), max(a.end, b.end) + 1
    for read in bam.fetch(contig, start, end):
        skipped = next((why for why, bit in _SKIP_FLAGS.items() if read.flag & bit), None)
        if skipped == "unmapped":
            continue
        if skipped:
            excluded[skipped] += 1
            continue
        if read.mapping_quality < min_mapq:
            excluded["low_mapping_quality"] += 1
            continue
        calls = fragments.setdefault(read.query_name, ([], []))
        view = ReadView.of(read)
        calls[0].append(read_allele(view, a, min_bq))
        calls[1].append(read_allele(view, b, min_bq))
    reads = PhaseReads()
    for this_calls, other_calls in fragments.values():
        x, y = _merge(this_calls), _merge(other_calls)
        if "conflict" in (x, y):
            excluded["mate_conflict"] += 1
        elif OTHER in (x, y):
            excluded["other_allele"] += 1
        elif LOWQ in (x, y):
            excluded["low_base_quality"] += 1
        elif x is None or y is None:
            excluded["one_site_only"] += 1
        elif x == ALT and y == ALT:
            reads.both += 1
        elif x == ALT:
            reads.this_only += 1
        elif y == ALT:
            reads.other_only += 1
        else:
            reads.neither += 1
    return reads, excluded


def call_phase(reads: PhaseReads, thresholds: dict[str, float],
               labels: tuple[str, str] = ("this", "other")) -> tuple[PhaseCall, str]:
    """(call, reason) from fragment counts; the rules are in the module docstring. `labels` name
    the two variants in the reason, so it reads the same from either finding."""
    n = thresholds["phase_min_fragments"]
    both, this, other = reads.both, reads.this_only, reads.other_only
    share_this = both / (both + this) if both + this else 0.0
    share_other = both / (both + other) if both + other else 0.0
    counts = f"both {both}, {labels[0]} only {this}, {labels[1]} only {other}"
    if both >= n and max(share_this, share_other) >= thresholds["phase_cis_min_fraction"]:
        return PhaseCall.CIS, f"{counts}: the variants share fragments"
    if this >= n and other >= n and \
            max(share_this, share_other) <= thresholds["phase_trans_max_fraction"]:
        return PhaseCall.TRANS, f"{counts}: each variant's fragments lack the other"
    if both < n and (this < n or other < n):
        return PhaseCall.UNDETERMINED, f"{counts}: too few fragments (at least {n:g} needed)"
    return PhaseCall.UNDETERMINED, f"{counts}: mixed (consistent with cis and trans in different " \
                           "clones, or artefacts)"


def unknown(reason: str) -> PairPhase:
    return PairPhase(call=PhaseCall.UNDETERMINED, reads=PhaseReads(), method=reason)


def phase_alterations(alterations: list[Alteration], bam_path: Path,
                      thresholds: dict[str, float]) -> dict[frozenset, PairPhase]:
    """Phase every pair of small variants in the same gene or within `phase_max_distance`.
    Keys are frozensets of the two `Alteration.key`s."""
    import pysam

    from .readers.vcf.hts import Htslib, failure

    small = [a for a in alterations if a.kind in _SMALL]
    pairs = []
    for a, b in combinations(small, 2):
        sa, sb = site_of(a), site_of(b)
        near = sa is not None and sb is not None and sa.chrom == sb.chrom and \
            abs(sa.start - sb.start) <= thresholds["phase_max_distance"]
        if near or a.gene == b.gene:
            pairs.append((a, b, sa, sb))
    if not pairs:
        return {}
    bam = _open(bam_path, pysam)
    hts = Htslib()
    try:
        with hts, bam:
            return _phase_pairs(bam, bam_path, pairs, thresholds)
    except (OSError, ValueError) as exc:
        raise failure(bam_path, "cannot be read: a damaged or truncated BAM", exc, hts) \
            from None


def _phase_pairs(bam, bam_path: Path, pairs: list, thresholds: dict[str, float]
                 ) -> dict[frozenset, PairPhase]:
    """The phase of each pair of (alteration, alteration, site, site), from the open BAM."""
    out: dict[frozenset, PairPhase] = {}
    max_distance = thresholds["phase_max_distance"]
    for a, b, sa, sb in pairs:
        key = frozenset((a.key, b.key))
        if sa is None or sb is None:
            missing = ", ".join(x.label for x, s in ((a, sa), (b, sb)) if s is None)
            out[key] = unknown(f"undetermined: no genomic position and alleles in the input "
                               f"for {missing} (chrom/pos/ref/alt)")
        elif sa.chrom != sb.chrom or abs(sa.start - sb.start) > max_distance:
            out[key] = unknown(f"undetermined: {abs(sa.start - sb.start)} bp apart, beyond the "
                               f"{max_distance:g} bp within which two variants are phased")
        elif "complex" in (sa.kind, sb.kind):
            out[key] = unknown("undetermined: complex alleles are not phased")
        elif _contig(bam, sa.chrom) is None:
            out[key] = unknown(f"undetermined: contig {sa.chrom} is not in {bam_path.name}")
        else:
            reads, excluded = count_fragments(bam, sa, sb, thresholds)
            call, reason = call_phase(reads, thresholds, (a.label, b.label))
            out[key] = PairPhase(
                call=call, reads=reads, excluded=excluded, this=a.key,
                method=f"{call}: fragments from {bam_path.name} ({reason}; read pairs "
                       "counted once)")
    return out


def _open(path: Path, pysam):
    """The BAM, opened with what htslib says folded into the one-line error (hts.py)."""
    from .readers.vcf.hts import Htslib

    if not path.exists():
        raise InputError(path, "no such file (--bam)")
    hts = Htslib()
    try:
        with hts:
            bam = pysam.AlignmentFile(str(path), "rb")
    except (ValueError, OSError) as exc:
        raise InputError(path, f"is not a readable BAM file ({exc}{hts.said})") from None
    try:
        with hts:
            bam.check_index()
    except (ValueError, AttributeError):
        bam.close()
        raise InputError(path, "has no index (.bai or .csi next to it); create one with "
                         "'samtools index'") from None
    return bam


def seen_from(phase: PairPhase, subject_key: tuple, other_label: str) -> Phase:
    """The stored phase as the `phase` of the finding `subject_key`: `this_only` counts
    fragments with the subject's variant alone."""
    reads = phase.reads
    if phase.this is not None and phase.this != subject_key:
        reads = PhaseReads(both=reads.both, this_only=reads.other_only,
                           other_only=reads.this_only, neither=reads.neither)
    return Phase(with_=other_label, call=phase.call, reads=reads, method=phase.method,
                 excluded=phase.excluded)
