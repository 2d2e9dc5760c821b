"""Illumina TruSight Oncology 500 `{Sample}_CombinedVariantOutput.tsv` (Local App / DRAGEN).

A banner, then `[Section]` blocks of tab-separated rows padded to the widest section; a block
whose only row is `NA` holds nothing. Read:
- `[Analysis Details]`: `DNA Sample ID` (or `Pair ID`) is the sample, `Pipeline Version`
  metadata; `[TMB]` `Total TMB` metadata;
- `[Gene Amplifications]`: `Gene`, `Fold Change`, the coverage relative to the diploid baseline:
  an amplification the assay called, plasma copy number 2 × fold change;
- `[Splice Variants]`: `Gene`, `Affected Exon` (`14/21`): that exon's skipping, with the
  splice-supporting reads;
- `[Fusions]`: `Gene Pair` (`EML4-ALK`; `CD74-ROS1;GOPC` lists the genes a breakpoint overlaps,
  and the knowledge base's kinase among them is taken), `Fusion Supporting Reads`;
- `[Small Variants]`: `Gene`, chromosome, position, alleles, `Allele Frequency`, `Depth`,
  `P-Dot Notation` (`NP_005219.2:p.(Thr790Met)`), `C-Dot Notation`, `Consequence(s)`. A row
  with no gene is counted outside the knowledge base; a protein left unchanged (synonymous,
  intronic, UTR) is counted as skipped; a splice site reads as the exon skipping it causes
  when the build is known (`--genome`: the file does not say it).
"""

from __future__ import annotations

import re
from pathlib import Path

from ..errors import InputError
from ..model import Alteration, Kind, ReadResult
from ..normalize.alterations import AlterationError
from .calls import Splicing, add_call
from .common import (
    ReadOptions,
    RowError,
    SkipRecord,
    choose_sample,
    head_lines,
    keep,
    open_text_lines,
    parse_fraction,
    parse_number,
    parse_row,
)
from .fusions import pick_gene
from .vcf.alleles import NO_PROTEIN_CHANGE
from .vcf.annotated import unchanged_protein

_SECTIONS = ("[Gene Amplifications]", "[Splice Variants]", "[Fusions]", "[Small Variants]")
#: where `sections` puts the lines it cannot read
_BAD = "unreadable lines"
_P_DOT = re.compile(r"p\.\(?([A-Za-z0-9_*=?]+)\)?")


def sniff(head: bytes, path: Path) -> bool:
    firsts = {line.split("\t", 1)[0].strip() for line in head_lines(head)}
    return "[Analysis Details]" in firsts and bool(firsts & set(_SECTIONS))


def sections(path: Path) -> dict[str, list[tuple[int, dict[str, str]]]]:
    """Section name -> its rows as (line, column -> cell), the section's first row being its
    header; key-value sections (`[Analysis Details]`) as rows of {'key', 'value'}. A line that
    cannot be read (an unterminated quote, a cell over 128 KiB) is under `_BAD`, its cells
    {'error': what is wrong, 'reason': the short reason}."""
    out: dict[str, list[tuple[int, dict[str, str]]]] = {}
    name, header = None, None
    for line, text in enumerate(open_text_lines(path), start=1):
        try:
            cells = [c.strip() for c in parse_row(text, "\t")]
        except RowError as exc:
            out.setdefault(_BAD, []).append((line, {"error": str(exc), "reason": exc.reason}))
            continue
        while cells and not cells[-1]:
            cells.pop()
        if not cells:
            name, header = None, None  # a blank row ends a block
            continue
        if cells[0].startswith("[") and cells[0].endswith("]"):
            name, header = cells[0], None
            out.setdefault(name, [])
            continue
        if name is None:
            continue
        if name not in _SECTIONS:
            out[name].append((line, {"key": cells[0], "value": cells[1] if len(cells) > 1
                                     else ""}))
        elif header is None:
            header = cells
        elif cells != ["NA"]:
            out[name].append((line, dict(zip(header, cells + [""] * len(header), strict=False))))
    return out


def _unreadable(row: dict[str, str], *_) -> None:
    raise SkipRecord(row["reason"], row["error"])


def read_tso500(path: Path, options: ReadOptions) -> ReadResult:
    found = sections(path)
    details = {row["key"]: row["value"] for _, row in found.get("[Analysis Details]", [])}
    name = details.get("DNA Sample ID") or details.get("Pair ID")
    sample = choose_sample(path, [name] if name and name != "NA" else [], options.sample,
                           "DNA Sample ID")
    result = ReadResult(sample=sample, genome=options.genome)
    result.metadata = {"test_type": "TruSight Oncology 500"}
    if details.get("Pipeline Version"):
        result.metadata["pipeline_version"] = details["Pipeline Version"]
    tmb = {row["key"]: row["value"] for _, row in found.get("[TMB]", [])}.get("Total TMB")
    if tmb and tmb != "NA":
        result.metadata["tmb"] = tmb
    splicing = Splicing(options, options.genome)
    readers = {_BAD: _unreadable, "[Gene Amplifications]": _amplification,
               "[Splice Variants]": _splice_variant, "[Fusions]": _fusion,
               "[Small Variants]": _small_variant}
    for section, read_row in readers.items():
        for line, row in found.get(section, []):
            result.input_records += 1
            where = f"{path.name}:{line}"
            try:
                alteration = read_row(row, options, where, result, splicing)
            except SkipRecord as skip:
                if not options.lenient:
                    raise InputError(path, skip.detail, line=line) from None
                result.skipped[skip.reason] += 1
                continue
            if alteration is not None and not add_call(result, alteration):
                keep(result, alteration, options.kb)
    return result


def _number(row: dict[str, str], column: str, integer: bool = False):
    try:
        return parse_number(row.get(column, ""), column, integer=integer)
    except ValueError as exc:
        raise SkipRecord(f"{column} invalid", str(exc)) from None


def _amplification(row, options: ReadOptions, where: str, result, splicing):
    if not row.get("Gene"):
        raise SkipRecord("empty Gene", "an amplification row names no gene")
    fold_change = _number(row, "Fold Change")
    copies = round(2 * fold_change, 2) if fold_change is not None else None
    return options.builder.build(row.get("Gene", ""), "amplification", copy_number=copies,
                                 input=where)


def _splice_variant(row, options: ReadOptions, where: str, result, splicing):
    exons = row.get("Affected Exon", "").split("/")[0].strip()
    gene = row.get("Gene", "")
    if not gene:
        raise SkipRecord("empty Gene", "a splice-variant row names no gene")
    fields = dict(alt_depth=_number(row, "Splice Supporting Reads", integer=True), input=where)
    try:
        return options.builder.build(gene, f"exon {exons} skipping", kind_hint="splice",
                                     **fields)
    except AlterationError:
        return Alteration(gene=options.builder.gene(gene), alteration=f"exon {exons} skipping",
                          kind=Kind.OTHER, **fields)


def _fusion(row, options: ReadOptions, where: str, result, splicing):
    five, three = _gene_pair(options, row.get("Gene Pair", ""))
    if not (five or three):
        raise SkipRecord("fusion names no gene", f"cannot read Gene Pair "
                         f"'{row.get('Gene Pair', '')}'")
    return options.builder.fusion(three or five, five if three else None, input=where,
                                  alt_depth=_number(row, "Fusion Supporting Reads", True))


def _gene_pair(options: ReadOptions, text: str) -> tuple[str, str]:
    """`EML4-ALK` -> ('EML4', 'ALK'); `CD74-ROS1;GOPC` -> ('CD74', 'ROS1'): the split at a
    hyphen with a known gene on both sides, then the most known genes (a symbol may hold a
    hyphen: NKX2-1, KIF5B-AS1)."""
    text = text.strip()
    splits = [(text[:m.start()], text[m.end():]) for m in re.finditer(r"--|::|-", text)]
    if not splits:
        return "", pick_gene(options, text)

    def known(side: str) -> int:
        return sum(bool(options.kb.genes.resolve(g)) for g in side.split(";"))

    left, right = max(splits, key=lambda s: (known(s[0]) > 0 < known(s[1]),
                                             known(s[0]) + known(s[1])))
    return pick_gene(options, left), pick_gene(options, right)


def _small_variant(row, options: ReadOptions, where: str, result: ReadResult, splicing):
    gene = row.get("Gene", "")
    if not gene or options.kb.genes.resolve(gene) is None:
        result.count_outside(gene or None)
        return None
    consequence = row.get("Consequence(s)", "")
    p_dot = _P_DOT.search(row.get("P-Dot Notation", ""))
    protein = f"p.{p_dot.group(1)}" if p_dot else ""
    if protein.endswith("=") or (consequence and unchanged_protein(consequence)):
        result.skipped[NO_PROTEIN_CHANGE] += 1
        return None
    transcript, _, hgvs_c = row.get("C-Dot Notation", "").rpartition(":")
    try:
        vaf = parse_fraction(row.get("Allele Frequency", ""), what="Allele Frequency")
    except ValueError as exc:
        raise SkipRecord("Allele Frequency invalid", str(exc)) from None
    fields = dict(vaf=vaf, vaf_source="Allele Frequency" if vaf is not None else None,
                  depth=_number(row, "Depth", integer=True), transcript=transcript or None,
                  hgvs_c=hgvs_c or None,
                  chrom=row.get("Chromosome", "").removeprefix("chr") or None,
                  pos=_number(row, "Genomic Position", integer=True),
                  ref=row.get("Reference Call") or None, alt=row.get("Alternative Call") or None,
                  input=where)
    symbol = options.builder.gene(gene)
    try:
        if "splice" in consequence:
            skipping = splicing.exon_skipping(symbol, fields["pos"], fields["ref"],
                                              fields["alt"])
            if skipping:
                return options.builder.build(symbol, skipping, kind_hint="splice", **fields)
        if protein:
            return options.builder.build(symbol, protein, **fields)
        if hgvs_c and "splice" in consequence:
            return options.builder.build(symbol, hgvs_c, kind_hint="splice", **fields)
    except AlterationError:
        pass
    return Alteration(gene=symbol, alteration=protein or hgvs_c or consequence or "variant",
                      kind=Kind.OTHER, **fields)
