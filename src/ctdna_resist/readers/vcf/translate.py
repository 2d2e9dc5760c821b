"""Protein changes of unannotated VCF records, from coordinates alone.

Three sources, tried in order by the VCF reader:
1. curated hotspot coordinates of the knowledge base (hotspots.tsv), exact POS/REF/ALT;
2. without a FASTA, the reference codons of codons.tsv: an SNV in one of those codons is
   translated (the other two bases of the codon are known);
3. with a FASTA (`--reference`), the MANE coding models of transcripts.tsv: any SNV or small
   indel inside a coding exon is translated on either strand, and a change at the canonical
   splice sites (intron ±1, ±2) is a splice change (`exon 14 skipping` where the knowledge base
   speaks of that exon's skipping).
The tables are those of the knowledge base in use (`--kb` replaces them with the others).
"""

from __future__ import annotations

from dataclasses import dataclass

from ...kb.entities import Codon, Transcript
from ...normalize.protein import parse_protein_change

COMPLEMENT = str.maketrans("ACGTNacgtn", "TGCANtgcan")
CODE = dict(zip(
    [a + b + c for a in "TCAG" for b in "TCAG" for c in "TCAG"],
    "FFLLSSSSYY**CC*WLLLLPPPPHHQQRRRRIIIMTTTTNNKKSSRRVVVVAAAADDEEGGGG", strict=True))
SPLICE_REACH = 2  # intron bases at each exon boundary read as the canonical splice site


def revcomp(seq: str) -> str:
    return seq.translate(COMPLEMENT)[::-1]


def translate(seq: str) -> str:
    """Translate to the first stop codon (included as '*')."""
    out = []
    for i in range(0, len(seq) - 2, 3):
        aa = CODE.get(seq[i:i + 3].upper(), "X")
        out.append(aa)
        if aa == "*":
            break
    return "".join(out)


@dataclass(frozen=True)
class Change:
    """What a record does to a knowledge-base gene."""

    gene: str
    text: str  # protein change (p.Thr790Met), c. splice change, or class word
    kind_hint: str | None = None  # 'splice' for splice-site changes
    hgvs_c: str | None = None


def codon_positions(codons: list[Codon],
                    genome: str) -> dict[tuple[str, int], tuple[str, int, str, int]]:
    """(bare chrom, pos) -> (gene, codon number, reference codon, index of pos in the codon)."""
    out: dict[tuple[str, int], tuple[str, int, str, int]] = {}
    for codon in codons:
        for i, pos in enumerate(codon.positions(genome)):
            out[(codon.chrom, pos)] = (codon.gene, codon.number, codon.ref_codon, i)
    return out


def codon_change(codons, chrom: str, pos: int, ref: str, alt: str, strand_of) -> Change | None:
    """An SNV in a known reference codon, translated without a FASTA."""
    if len(ref) != 1 or len(alt) != 1 or alt not in "ACGT":
        return None
    hit = codons.get((chrom, pos))
    if hit is None:
        return None
    gene, number, bases, index = hit
    strand = strand_of(gene)
    tx_ref, tx_alt = (ref, alt) if strand == "+" else (revcomp(ref), revcomp(alt))
    if bases[index] != tx_ref:
        return None  # the record's REF disagrees with the curated codon: leave it untranslated
    mutated = bases[:index] + tx_alt + bases[index + 1:]
    before, after = CODE[bases], CODE[mutated]
    change = parse_protein_change(f"{before}{number}{'=' if before == after else after}")
    if change is None:
        return None
    c_pos = (number - 1) * 3 + index + 1
    return Change(gene, change.hgvs(), hgvs_c=f"c.{c_pos}{tx_ref}>{tx_alt}")


def splice_site(tx: Transcript, start: int, end: int) -> tuple[int, str] | None:
    """(exon number, 'donor'|'acceptor') when start..end touches a canonical splice site."""
    last = len(tx.exons) - 1
    for i, (s, e) in enumerate(tx.exons):
        # intron bases just before s (genomic) and just after e
        before = (s - SPLICE_REACH, s - 1) if i > 0 else None
        after = (e + 1, e + SPLICE_REACH) if i < last else None
        for site, left in ((before, True), (after, False)):
            if site and start <= site[1] and end >= site[0]:
                five_prime = (left and tx.strand == "+") or (not left and tx.strand == "-")
                return tx.exon_number(i), "acceptor" if five_prime else "donor"
    return None


def splice_change(tx: Transcript, pos: int, ref: str, alt: str,
                  skipping: set[str]) -> Change | None:
    """A change at a canonical splice site: `exon 14 skipping` when the knowledge base speaks of
    that exon's skipping for the gene, else the c. change (needs no FASTA)."""
    site = splice_site(tx, pos, pos + len(ref) - 1)
    if site is None:
        return None
    exon, side = site
    hgvs_c = splice_c(tx, pos, ref, alt)
    word = f"exon {exon} skipping"
    if word in skipping:
        return Change(tx.gene, word, kind_hint="splice", hgvs_c=hgvs_c)
    return Change(tx.gene, hgvs_c or f"exon {exon} splice {side} site", kind_hint="splice",
                  hgvs_c=hgvs_c)


class Translator:
    """Protein changes from a FASTA and the MANE coding models. One serves a whole file: it
    keeps each gene's coding sequence, its translation and its position index once made."""

    def __init__(self, fasta, transcripts: dict[str, Transcript], fetch_contig):
        self.fasta = fasta
        self.transcripts = transcripts
        self.fetch_contig = fetch_contig  # bare chrom -> contig name in the FASTA
        self._cds: dict[str, str] = {}
        self._protein: dict[str, str] = {}
        self._cds_index: dict[str, dict[int, int]] = {}

    def sequence(self, chrom: str, start: int, end: int) -> str:
        """1-based inclusive, upper case."""
        return self.fasta.fetch(self.fetch_contig(chrom), start - 1, end).upper()

    def cds(self, tx: Transcript) -> str:
        if tx.gene not in self._cds:
            parts = [self.sequence(tx.chrom, s, e) for s, e in tx.coding_exons]
            seq = "".join(parts)
            self._cds[tx.gene] = revcomp(seq) if tx.strand == "-" else seq
        return self._cds[tx.gene]

    def change(self, gene: str, pos: int, ref: str, alt: str,
               skipping: set[str]) -> Change | None:
        tx = self.transcripts.get(gene)
        if tx is None:
            return None
        end = pos + len(ref) - 1
        if end < tx.cds_start or pos > tx.cds_end:
            return None
        spliced = splice_change(tx, pos, ref, alt, skipping)
        if spliced is not None:
            return spliced
        index = self._cds_index.get(gene)
        if index is None:
            index = self._cds_index[gene] = {p: i for i, p in enumerate(tx.cds_positions())}
        if pos not in index or end not in index or abs(index[end] - index[pos]) != end - pos:
            return None  # not wholly inside one coding exon
        seq = self.cds(tx)
        if tx.strand == "+":
            i, tx_ref, tx_alt = index[pos], ref, alt
        else:
            i, tx_ref, tx_alt = index[end], revcomp(ref), revcomp(alt)
        if seq[i:i + len(tx_ref)] != tx_ref:
            return None
        mutated = seq[:i] + tx_alt + seq[i + len(tx_ref):]
        if gene not in self._protein:
            self._protein[gene] = translate(seq)
        text = protein_difference(self._protein[gene], translate(mutated),
                                  (len(tx_alt) - len(tx_ref)) % 3 != 0)
        if text is None:
            return None
        change = parse_protein_change(text)
        return Change(gene, change.hgvs() if change else text,
                      hgvs_c=f"c.{i + 1}{tx_ref}>{tx_alt}" if len(ref) == len(alt) == 1 else None)

def splice_c(tx: Transcript, pos: int, ref: str, alt: str) -> str | None:
    """c.3028+1G>T for an SNV next to an exon."""
    if len(ref) != 1 or len(alt) != 1:
        return None
    index = {p: i for i, p in enumerate(tx.cds_positions())}
    plus = tx.strand == "+"
    base_ref, base_alt = (ref, alt) if plus else (revcomp(ref), revcomp(alt))
    for offset in range(1, SPLICE_REACH + 1):
        if pos - offset in index:  # the exon lies to the left
            return f"c.{index[pos - offset] + 1}{'+' if plus else '-'}{offset}" \
                f"{base_ref}>{base_alt}"
        if pos + offset in index:  # the exon lies to the right
            return f"c.{index[pos + offset] + 1}{'-' if plus else '+'}{offset}" \
                f"{base_ref}>{base_alt}"
    return None


def protein_difference(before: str, after: str, frameshift: bool) -> str | None:
    """The one-letter change between two translations (3'-most placement), or None if equal."""
    if frameshift:
        i = next((k for k, (a, b) in enumerate(zip(before, after, strict=False)) if a != b),
                 min(len(before), len(after)))
        if i >= len(before):
            return None
        return f"{before[i]}{i + 1}fs"
    if before == after:
        return None
    p = 0
    while p < min(len(before), len(after)) and before[p] == after[p]:
        p += 1
    s = 0
    while s < min(len(before), len(after)) - p and before[-1 - s] == after[-1 - s]:
        s += 1
    if p < len(after) and after[p] == "*":  # a stop gained: nothing after it is made
        return f"{before[p]}{p + 1}*"
    removed, added = before[p:len(before) - s], after[p:len(after) - s]
    first = p + 1
    if len(removed) == 1 and len(added) == 1:
        return f"{removed}{first}{added}"
    if removed and not added:
        last = first + len(removed) - 1
        return f"{removed[0]}{first}" + (f"_{removed[-1]}{last}" if last > first else "") + "del"
    if added and not removed:
        # insertion between p and p+1 (1-based: after residue p)
        if p >= len(added) and before[p - len(added):p] == added:
            a, b = p - len(added) + 1, p
            return f"{before[a - 1]}{a}" + (f"_{before[b - 1]}{b}" if b > a else "") + "dup"
        if p == 0 or p >= len(before):
            return None
        return f"{before[p - 1]}{p}_{before[p]}{p + 1}ins{added}"
    last = first + len(removed) - 1
    return f"{removed[0]}{first}" + (f"_{removed[-1]}{last}" if last > first else "") + \
        f"delins{added}"
