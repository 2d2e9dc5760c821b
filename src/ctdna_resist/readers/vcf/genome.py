"""Genome builds, contig names and the knowledge-base gene regions a VCF is read in.

The build is told by the header (build.py reads its hints; the main chromosomes' lengths of
both builds are here). Regions are the knowledge-base gene spans of genes.tsv for that build,
widened by `MARGIN`, keyed by the bare contig name: `chr7` and `7`, `chrM` and `MT` are one
contig, whatever the header, the records, the index and the knowledge base call it.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field

from ...kb.load import KnowledgeBase

MARGIN = 1000  # bases either side of a gene span: promoters, splice regions, UTR calls

_GRCH37 = (249250621, 243199373, 198022430, 191154276, 180915260, 171115067, 159138663,
           146364022, 141213431, 135534747, 135006516, 133851895, 115169878, 107349540,
           102531392, 90354753, 81195210, 78077248, 59128983, 63025520, 48129895, 51304566)
_GRCH38 = (248956422, 242193529, 198295559, 190214555, 181538259, 170805979, 159345973,
           145138636, 138394717, 133797422, 135086622, 133275309, 114364328, 107043718,
           101991189, 90338345, 83257441, 80373285, 58617616, 64444167, 46709983, 50818468)
BUILD_LENGTHS: dict[tuple[str, int], str] = {
    **{(str(i + 1), n): "GRCh37" for i, n in enumerate(_GRCH37)},
    **{(str(i + 1), n): "GRCh38" for i, n in enumerate(_GRCH38)},
    ("X", 155270560): "GRCh37", ("X", 156040895): "GRCh38",
    ("Y", 59373566): "GRCh37", ("Y", 57227415): "GRCh38",
}
MAIN_CHROMOSOMES = {str(i) for i in range(1, 23)} | {"X", "Y"}


def bare_chrom(name: str) -> str:
    """`chr7` -> `7`, `chrM` -> `MT`, `7` -> `7`."""
    s = name[3:] if name[:3].lower() == "chr" else name
    return "MT" if s in ("M", "m") else s


def spellings(bare: str) -> tuple[str, ...]:
    """Every way a file may name the contig `bare_chrom` calls `bare`: `7`, `chr7`; `MT`, `M`,
    `chrM`, `chrMT`."""
    if bare == "MT":
        return ("MT", "M", "chrM", "chrMT")
    return (bare, f"chr{bare}")


@dataclass
class Regions:
    """Knowledge-base gene spans (± MARGIN) per contig. Contigs are compared by their bare
    name (`bare_chrom`), so `chr7` and `7`, `chrM` and `MT` are one contig whatever the header,
    the records, the index and the knowledge base call it."""

    genome: str
    #: bare contig name -> sorted, merged (start, end) 1-based inclusive
    spans: dict[str, list[tuple[int, int]]] = field(default_factory=dict)
    #: bare contig name -> [(start, end, gene)] unwidened gene spans, sorted by start
    genes: dict[str, list[tuple[int, int, str]]] = field(default_factory=dict)
    _starts: dict[str, list[int]] = field(default_factory=dict)

    @classmethod
    def for_kb(cls, kb: KnowledgeBase, genome: str) -> Regions:
        key = genome.lower()
        regions = cls(genome)
        raw: dict[str, list[tuple[int, int]]] = {}
        for symbol, row in kb.gene_rows.items():
            start, end = row.get(f"{key}_start", ""), row.get(f"{key}_end", "")
            if not (row.get("chrom") and start and end):
                continue
            contig = bare_chrom(row["chrom"])
            regions.genes.setdefault(contig, []).append((int(start), int(end), symbol))
            raw.setdefault(contig, []).append((max(1, int(start) - MARGIN), int(end) + MARGIN))
        for contig, spans in raw.items():
            merged: list[tuple[int, int]] = []
            for start, end in sorted(spans):
                if merged and start <= merged[-1][1] + 1:
                    merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
                else:
                    merged.append((start, end))
            regions.spans[contig] = merged
            regions._starts[contig] = [s for s, _ in merged]
            regions.genes[contig].sort()
        return regions

    def by_spelling(self) -> dict[str, list[tuple[int, int]]]:
        """The spans under every spelling of their contig (a scan looks a line's CHROM up
        as written)."""
        return {name: spans for contig, spans in self.spans.items()
                for name in spellings(contig)}

    def contains(self, contig: str, pos: int) -> bool:
        bare = bare_chrom(contig)
        starts = self._starts.get(bare)
        if starts is None:
            return False
        i = bisect.bisect_right(starts, pos) - 1
        return i >= 0 and pos <= self.spans[bare][i][1]

    def overlaps(self, contig: str, start: int, end: int) -> bool:
        return any(s <= end and start <= e for s, e in self.spans.get(bare_chrom(contig), ()))

    def genes_overlapping(self, contig: str, start: int, end: int) -> list[str]:
        """Knowledge-base genes whose (unwidened) span overlaps start..end, in genomic order."""
        return [g for s, e, g in self.genes.get(bare_chrom(contig), ())
                if s <= end and start <= e]

    def region_strings(self, names: list[str]) -> list[str]:
        """`contig:start-end` of every span, the contig as `names` (an index's) spell it;
        spans on contigs `names` lacks have nothing to query."""
        named = {bare_chrom(n): n for n in names}
        return [f"{named[c]}:{s}-{e}" for c, spans in self.spans.items() if c in named
                for s, e in spans]
