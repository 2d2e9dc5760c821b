"""VCF/BCF (plain, bgzipped or gzipped) read with cyvcf2.

Consequences come from VEP `INFO/CSQ` (the field layout is read from the header's `Format:`
description); the MANE Select / canonical transcript is chosen when several are given.
Copy-number records (`SVTYPE=AMP|DUP|CNV|DEL`, `INFO/CN` or `FORMAT/CN`) become amplifications
or deletions of the genes they name. The unit of accounting is the ALT allele.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote

from ..errors import InputError
from ..model import Alteration, Kind, ReadResult
from ..normalize.alterations import AlterationError
from ..normalize.protein import parse_protein_change
from .common import GZIP_MAGIC, ReadOptions, SkipRecord, check_readable

#: chromosome lengths that tell the builds apart
_BUILD_LENGTHS = {
    ("1", 249250621): "GRCh37", ("1", 248956422): "GRCh38",
    ("7", 159138663): "GRCh37", ("7", 159345973): "GRCh38",
    ("12", 133851895): "GRCh37", ("12", 133275309): "GRCh38",
    ("17", 81195210): "GRCh37", ("17", 83257441): "GRCh38",
}
_BUILD_WORDS = (
    (re.compile(r"grch38|hg38|hs38|b38", re.I), "GRCh38"),
    (re.compile(r"grch37|hg19|hs37|b37|human_g1k_v37", re.I), "GRCh37"),
)
_CNV_TYPES = {"CNV", "DUP", "AMP", "DEL"}
_PROTEIN_CONSEQUENCES = ("missense", "inframe", "frameshift", "stop_gained", "stop_lost",
                         "start_lost", "protein_altering", "synonymous", "splice")


def sniff(head: bytes, path: Path) -> bool:
    return head.startswith(b"##fileformat=VCF") or head.startswith(b"BCF\x02") or \
        head.startswith(b"BCF\x04")


def _chrom(name: str) -> str:
    return name[3:] if name.lower().startswith("chr") else name


def infer_genome(header_lines: list[str], contigs: dict[str, int]) -> str | None:
    """The build named by `##reference`/`##assembly`, else told by contig lengths."""
    named = set()
    for line in header_lines:
        if line.startswith(("##reference", "##assembly", "##contig")):
            for pattern, build in _BUILD_WORDS:
                if pattern.search(line):
                    named.add(build)
    by_length = {_BUILD_LENGTHS[(_chrom(c), n)] for c, n in contigs.items()
                 if (_chrom(c), n) in _BUILD_LENGTHS}
    builds = by_length or named
    if len(builds) == 1:
        return builds.pop()
    return None


def vep_allele(ref: str, alts: list[str], alt: str) -> str:
    """The allele as VEP writes it in CSQ: shared first base removed, '-' when empty."""
    alleles = [ref, *alts]
    if len(alleles) > 1 and all(a and a[0] == ref[0] for a in alleles) and \
            any(len(a) > 1 for a in alleles) and not alt.startswith("<"):
        return alt[1:] or "-"
    return alt


class CsqLayout:
    """Field names of a VEP CSQ (or VEP-under-ANN) header description."""

    def __init__(self, tag: str, description: str):
        m = re.search(r"Format:\s*([^\"]+)", description)
        if not m:
            raise ValueError(f"INFO/{tag} header has no 'Format:' field list")
        self.tag = tag
        self.fields = [f.strip() for f in m.group(1).strip().split("|")]
        self.index = {name: i for i, name in enumerate(self.fields)}

    def entries(self, value: str) -> list[dict[str, str]]:
        out = []
        for raw in value.split(","):
            parts = raw.split("|")
            out.append({name: parts[i] if i < len(parts) else ""
                        for name, i in self.index.items()})
        return out


class VcfReader:
    def __init__(self, path: Path, options: ReadOptions):
        self.path = path
        self.options = options
        self.kb = options.kb
        self.mane = {}
        for symbol, row in options.kb.gene_rows.items():
            for accession in (row.get("mane_refseq"), row.get("mane_ensembl")):
                if accession:
                    self.mane[accession.split(".")[0]] = symbol

    def open(self):
        from cyvcf2 import VCF  # heavy import: only when a VCF is read

        check_readable(self.path)
        with open(self.path, "rb") as fh:
            head = fh.read(4)
        if not head:
            raise InputError(self.path, "is empty")
        try:
            return VCF(str(self.path), gts012=True, lazy=True, threads=1)
        except (OSError, ValueError) as exc:
            kind = "gzipped " if head.startswith(GZIP_MAGIC) else ""
            raise InputError(self.path, f"is not a readable {kind}VCF/BCF ({exc})") from None

    def read(self) -> ReadResult:
        vcf = self.open()
        header_lines = vcf.raw_header.splitlines()
        contigs = {}
        for line in header_lines:
            m = re.match(r"##contig=<.*ID=([^,>]+).*length=(\d+)", line)
            if m:
                contigs[m.group(1)] = int(m.group(2))
        genome = infer_genome(header_lines, contigs)
        if genome and self.options.genome and genome != self.options.genome:
            raise InputError(self.path, f"header describes {genome}, but --genome "
                             f"{self.options.genome} was given")
        result = ReadResult(genome=genome or self.options.genome)
        self.layout = self._csq_layout(vcf)
        self.sample_index = self._sample_index(vcf, header_lines)
        result.sample = vcf.samples[self.sample_index] if self.sample_index is not None else None
        self.has_format = {h["ID"] for h in vcf.header_iter() if h["HeaderType"] == "FORMAT"}
        try:
            for number, record in enumerate(vcf, start=1):
                result.input_records += 1
                self._record(record, number, result)
        except InputError:
            raise
        except Exception as exc:  # htslib parse errors surface as various exceptions
            raise InputError(self.path, f"cannot be parsed after record "
                             f"{result.input_records} ({exc})") from None
        return result

    # -- header -------------------------------------------------------------------------------

    def _csq_layout(self, vcf) -> CsqLayout | None:
        for tag in ("CSQ", "ANN"):
            try:
                info = vcf.get_header_type(tag)
            except KeyError:
                continue
            description = info.get("Description", "")
            if "Format:" in description and "Allele" in description and "SYMBOL" in description:
                return CsqLayout(tag, description)
        return None

    def _sample_index(self, vcf, header_lines: list[str]) -> int | None:
        samples = list(vcf.samples)
        if not samples:
            return None
        wanted = self.options.sample
        if wanted is None:
            tumor = next((line.split("=", 1)[1].strip() for line in header_lines
                          if line.startswith("##tumor_sample=")), None)
            if tumor is not None and tumor in samples:
                wanted = tumor
        if wanted is not None:
            if wanted not in samples:
                raise InputError(self.path, f"sample '{wanted}' not found; the VCF holds: "
                                 f"{', '.join(samples)}")
            return samples.index(wanted)
        if len(samples) > 1:
            raise InputError(self.path, f"holds {len(samples)} samples ({', '.join(samples)}) "
                             "and no ##tumor_sample header; choose one with --sample")
        return 0

    # -- records ------------------------------------------------------------------------------

    def _record(self, record, number: int, result: ReadResult) -> None:
        alts = list(record.ALT)
        where = f"{self.path.name}:{record.CHROM}:{record.POS}"
        if record.FILTER is not None:
            result.skipped["FILTER not PASS"] += max(len(alts), 1)
            return
        svtype = record.INFO.get("SVTYPE")
        is_cnv = svtype in _CNV_TYPES or any(a.strip("<>") in _CNV_TYPES for a in alts)
        if is_cnv:
            self._copy_number(record, svtype, where, result)
            return
        if svtype == "BND" or any(a.startswith("<") or "[" in a or "]" in a for a in alts):
            result.skipped["structural variant record (not read as a fusion)"] += max(len(alts), 1)
            return
        entries = self._entries(record)
        for allele_index, alt in enumerate(alts, start=1):
            if alt == "*" or alt == ".":
                result.skipped["no ALT allele (spanning deletion or '.')"] += 1
                continue
            try:
                alteration = self._small_variant(record, alts, allele_index, alt, entries, where)
            except SkipRecord as skip:
                if not self.options.lenient:
                    raise InputError(self.path, skip.detail, record=where) from None
                result.skipped[skip.reason] += 1
                continue
            if alteration is None or alteration.gene not in self.kb.genes:
                result.outside_kb_genes += 1
                continue
            result.alterations.append(alteration)

    def _entries(self, record) -> list[dict[str, str]]:
        if self.layout is None:
            return []
        value = record.INFO.get(self.layout.tag)
        return self.layout.entries(value) if value else []

    def _choose(self, entries: list[dict[str, str]]) -> dict[str, str] | None:
        """MANE Select, else VEP's canonical flag, else the MANE transcript of genes.tsv."""
        if not entries:
            return None

        def rank(entry: dict[str, str]) -> tuple[int, int, int, int]:
            feature = entry.get("Feature", "").split(".")[0]
            return (
                0 if entry.get("MANE_SELECT") or entry.get("MANE") else 1,
                0 if entry.get("CANONICAL") == "YES" else 1,
                0 if feature in self.mane else 1,
                0 if entry.get("HGVSp") else 1,
            )

        return min(entries, key=rank)

    def _small_variant(self, record, alts, allele_index, alt, entries, where) -> Alteration | None:
        allele = vep_allele(record.REF, alts, alt)
        mine = [e for e in entries if e.get("Allele") in (allele, alt)] or \
            ([] if len(alts) > 1 else entries)
        entry = self._choose([e for e in mine if e.get("SYMBOL")])
        if entry is None:
            return None
        gene_text = entry["SYMBOL"]
        if self.kb.genes.resolve(gene_text) is None:
            return None
        vaf, depth, alt_depth = self._allele_fraction(record, allele_index)
        hgvs_p = unquote(entry.get("HGVSp", "")).split(":")[-1]
        protein = hgvs_p if hgvs_p.startswith("p.") else self._protein_from_fields(entry)
        consequence = entry.get("Consequence", "")
        hgvs_c = unquote(entry.get("HGVSc", "")).split(":")[-1] or None
        fields = dict(vaf=vaf, depth=depth, alt_depth=alt_depth, transcript=entry.get("Feature"),
                      hgvs_c=hgvs_c, chrom=_chrom(record.CHROM), pos=record.POS, ref=record.REF,
                      alt=alt, input=where)
        kind_hint = "splice" if "splice" in consequence and not protein else None
        if protein:
            text = protein
        elif hgvs_c and "splice" in consequence:
            text = hgvs_c
        else:
            return Alteration(gene=self.kb.genes.normalise(gene_text),
                              alteration=hgvs_c or consequence or f"{record.REF}>{alt}",
                              kind=Kind.OTHER, **fields)
        try:
            return self.options.builder.build(gene_text, text, kind_hint=kind_hint, **fields)
        except AlterationError as exc:
            raise SkipRecord("unreadable consequence annotation", str(exc)) from None

    @staticmethod
    def _protein_from_fields(entry: dict[str, str]) -> str | None:
        """VEP without --hgvs: `Protein_position` 790 + `Amino_acids` T/M -> p.T790M."""
        position, amino = entry.get("Protein_position", ""), entry.get("Amino_acids", "")
        if not position or "/" not in amino or "-" in position:
            return None
        ref, alt = amino.split("/", 1)
        change = parse_protein_change(f"{ref}{position.split('/')[0]}{alt}")
        return change.hgvs() if change else None

    def _sample_value(self, record, tag: str):
        if self.sample_index is None or tag not in self.has_format:
            return None
        values = record.format(tag)
        if values is None:
            return None
        return values[self.sample_index]

    def _allele_fraction(self, record, allele_index: int):
        """VAF from FORMAT/AF, else FORMAT/AD, else INFO/AF (sites-only files)."""
        vaf = depth = alt_depth = None
        ad = self._sample_value(record, "AD")
        if ad is not None and len(ad) > allele_index and ad[allele_index] >= 0:
            alt_depth = int(ad[allele_index])
            total = int(sum(x for x in ad if x >= 0))
            depth = total or None
            if total:
                vaf = alt_depth / total
        dp = self._sample_value(record, "DP")
        if dp is not None and len(dp) and dp[0] >= 0:
            depth = int(dp[0])
        af = self._sample_value(record, "AF")
        if af is not None and len(af) >= allele_index and 0 <= af[allele_index - 1] <= 1:
            vaf = float(af[allele_index - 1])
        if vaf is None and self.sample_index is None:
            info_af = record.INFO.get("AF")
            if isinstance(info_af, tuple):
                info_af = info_af[allele_index - 1] if len(info_af) >= allele_index else None
            if info_af is not None:
                vaf = float(info_af)
            if depth is None and record.INFO.get("DP") is not None:
                depth = int(record.INFO.get("DP"))
        return (round(vaf, 6) if vaf is not None else None), depth, alt_depth

    def _copy_number(self, record, svtype, where, result: ReadResult) -> None:
        cn = record.INFO.get("CN")
        cn = round(float(cn), 4) if cn is not None else None
        sample_cn = self._sample_value(record, "CN")
        if cn is None and sample_cn is not None and len(sample_cn) and sample_cn[0] >= 0:
            cn = round(float(sample_cn[0]), 4)
        kind = svtype or next((a.strip("<>") for a in record.ALT if a.startswith("<")), "CNV")
        genes = []
        for entry in self._entries(record):
            if entry.get("SYMBOL") and entry["SYMBOL"] not in genes:
                genes.append(entry["SYMBOL"])
        for tag in ("GENE", "GENES", "Gene"):
            value = record.INFO.get(tag)
            if value:
                genes.extend(g for g in re.split(r"[,;|]", str(value)) if g and g not in genes)
        if not genes:
            result.outside_kb_genes += 1
            return
        threshold = self.options.thresholds.get("amplification_copy_number", 2.5)
        for gene_text in genes:
            gene = self.kb.genes.resolve(gene_text)
            if gene is None:
                result.outside_kb_genes += 1
                continue
            if kind == "AMP" or (kind in ("DUP", "CNV") and cn is not None and cn >= threshold):
                word = "amplification"
            elif kind == "DEL" or (cn is not None and cn < 1.5):
                word = "deletion"
            else:
                word = f"copy-number gain (CN {cn:g})" if cn is not None else "copy-number change"
                result.alterations.append(Alteration(gene=gene, alteration=word, kind=Kind.OTHER,
                                                     copy_number=cn, input=where))
                continue
            result.alterations.append(self.options.builder.build(
                gene, word, copy_number=float(cn) if cn is not None else None,
                chrom=_chrom(record.CHROM), pos=record.POS, input=where))


def read_vcf(path: Path, options: ReadOptions) -> ReadResult:
    return VcfReader(path, options).read()
