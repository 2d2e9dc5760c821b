"""What an assay covers (`--panel-genes FILE`): a gene list (one symbol per line, `#` comments)
or a BED of target regions. A BED's name column is read as a gene symbol (`EGFR`,
`EGFR_exon19`, `EGFR.1`); a region whose name is not a gene counts for the knowledge-base genes
it overlaps (needs the genome build). Only knowledge-base genes matter: others are ignored."""

from __future__ import annotations

import re
from pathlib import Path

from ..errors import InputError
from ..kb.knowledge_base import KnowledgeBase
from .common import open_text_lines
from .vcf.genome import bare_chrom

_NAME_TOKEN = re.compile(r"[_.:|;,\s]")


def read_panel_genes(path: Path, kb: KnowledgeBase, genome: str | None) -> set[str]:
    genes: set[str] = set()
    for number, line in enumerate(open_text_lines(Path(path)), start=1):
        text = line.strip()
        if not text or text.startswith(("#", "track", "browser")):
            continue
        cells = text.split("\t") if "\t" in text else text.split()
        if len(cells) >= 3 and cells[1].isdigit() and cells[2].isdigit():
            genes |= _bed_genes(path, number, cells, kb, genome)
            continue
        gene = kb.genes.resolve(cells[0]) or kb.genes.resolve(_NAME_TOKEN.split(cells[0])[0])
        if gene:  # a gene the knowledge base does not hold is ignored
            genes.add(gene)
    if not genes:
        raise InputError(path, "names no knowledge-base gene (expected a gene list or a BED "
                         "with gene names or regions)")
    return genes


def _bed_genes(path: Path, line: int, cells: list[str], kb: KnowledgeBase,
               genome: str | None) -> set[str]:
    if len(cells) > 3:
        gene = kb.genes.resolve(_NAME_TOKEN.split(cells[3])[0])
        if gene:
            return {gene}
    if genome is None:
        raise InputError(path, "a BED region without a gene name needs the genome build: "
                         "give --genome GRCh37 or GRCh38", line=line)
    chrom, start, end = bare_chrom(cells[0]), int(cells[1]) + 1, int(cells[2])
    prefix = genome.lower()
    found = set()
    for symbol, row in kb.gene_rows.items():
        first, last = row.get(f"{prefix}_start"), row.get(f"{prefix}_end")
        if row.get("chrom") == chrom and first and last and \
                int(first) <= end and int(last) >= start:
            found.add(symbol)
    return found
