"""VCF/BCF as callers write them: annotated (VEP CSQ, SnpEff ANN, bcftools csq BCSQ) or not.

Only knowledge-base gene regions are read (genome.py): through the index when there is one,
otherwise in one streaming pass that looks at CHROM/POS before parsing (vcf_lines.py). The unit
of accounting is the ALT allele; a BND mate pair is one fusion.

`outside_kb_genes` counts (a) every record outside the regions, one per record whatever its ALT
alleles or FILTER (with an index: the index's record count minus the records read), and (b) every
allele read in a region that names no knowledge-base gene. `skipped` counts alleles read in a
region that cannot be used: failed FILTER, invalid records under --lenient.
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import cache
from pathlib import Path

from ...errors import InputError
from ...model import Alteration, Kind, ReadResult
from ...normalize.alterations import AlterationError
from ...resources import data_dir
from ..common import GZIP_MAGIC, ReadOptions, SkipRecord, check_readable, copy_number_call
from . import translate
from .consequences import Consequence, Layout, choose
from .genome import MAIN_CHROMOSOMES, Regions, bare_chrom, build_from_header
from .records import (
    Header,
    Record,
    index_path,
    index_record_count,
    read_header,
    region_records,
    scan_lines,
)

_CNV_TYPES = {"CNV", "DUP", "AMP", "DEL", "LOSS", "GAIN"}
_FUSION_SV = {"INV", "DEL", "DUP", "TRA", "BND"}
_MATE = re.compile(r"[\[\]]([^:\[\]]+):(\d+)[\[\]]")
_GENE_TAGS = ("GENE", "GENES", "Gene", "GENE_NAME", "SYMBOL")
_FOLD_CHANGE_TAGS = ("FOLD_CHANGE", "FC", "FOLDCHANGE")
_LOG2_TAGS = ("FOLD_CHANGE_LOG", "LOG2", "log2", "LOG2R", "LOG2_COPY_RATIO", "LOG2RATIO")
_CN_WORDS = {"AMP": "AMP", "GAIN": "DUP", "LOSS": "DEL"}
#: consequence terms that change the protein (or may: splice), VEP/SnpEff/bcftools spellings
_PROTEIN_EFFECT = re.compile(r"missense|inframe|frameshift|stop_gained|stop_lost|start_lost|"
                             r"protein_altering|splice_(acceptor|donor)|conservative|disruptive|"
                             r"exon_loss|gene_fusion|feature_ablation|initiator_codon|"
                             r"coding_sequence_variant")
NO_PROTEIN_CHANGE = "no protein change (synonymous, intronic, UTR, non-coding)"
#: consequence terms (VEP/SnpEff/bcftools) known to leave the protein unchanged; an allele whose
#: every term is one of these is counted, not listed (an unknown term is listed)
_UNCHANGED_TERMS = frozenset((
    "synonymous_variant", "synonymous", "stop_retained_variant", "start_retained_variant",
    "intron_variant", "intron", "intragenic_variant", "5_prime_utr_variant", "5_prime_utr",
    "3_prime_utr_variant", "3_prime_utr", "upstream_gene_variant", "upstream",
    "downstream_gene_variant", "downstream", "intergenic_variant", "intergenic_region",
    "intergenic", "non_coding_transcript_exon_variant", "non_coding_transcript_variant",
    "non_coding", "nmd_transcript_variant", "mature_mirna_variant", "regulatory_region_variant",
    "tf_binding_site_variant", "5_prime_utr_premature_start_codon_gain_variant",
    "coding_transcript_intron_variant", "sequence_feature", "non_coding_exon_variant",
    "conserved_intron_variant", "conserved_intergenic_variant"))


_TERMS = re.compile(r"[&,+]")


@cache
def unchanged_protein(effect: str) -> bool:
    terms = [t for t in _TERMS.split(effect.lower()) if t]
    return bool(terms) and all(t in _UNCHANGED_TERMS for t in terms)
_SPLICE_C = re.compile(r"^c\.-?\d+[+-]\d+")


def sniff(head: bytes, path: Path) -> bool:
    return head.startswith(b"##fileformat=VCF") or head.startswith(b"BCF\x02") or \
        head.startswith(b"BCF\x04")


class _LazyFields(dict):
    """The Alteration fields of one allele; the allele fraction is worked out only when an
    alteration is made (most alleles of a genome-size file leave the protein unchanged)."""

    def __init__(self, reader, record, allele_index: int, alt: str):
        super().__init__(chrom=bare_chrom(record.chrom), pos=record.pos, ref=record.ref, alt=alt,
                         input=record.where if record.line is None else
                         f"{reader.path.name}:{record.line}")
        self.source = (reader, record, allele_index)

    def full(self) -> dict:
        reader, record, allele_index = self.source
        vaf, depth, alt_depth = reader._allele_fraction(record, allele_index)
        return dict(self, vaf=vaf, depth=depth, alt_depth=alt_depth)


def _full(fields) -> dict:
    return fields.full() if isinstance(fields, _LazyFields) else fields


class NoProteinChange(Exception):
    """An allele in a knowledge-base gene whose consequence leaves the protein unchanged."""


class VcfReader:
    def __init__(self, path: Path, options: ReadOptions):
        self.path = path
        self.options = options
        self.kb = options.kb
        self.builder = options.builder
        self.mane = {acc.split(".")[0] for row in options.kb.gene_rows.values()
                     for acc in (row.get("mane_refseq"), row.get("mane_ensembl")) if acc}
        self.skipping = {word for gene, word in self.builder.exon_events
                         if word.endswith("skipping")}
        self.breakends: list[Record] = []
        self._gene_cache: dict[str, bool] = {}

    # -- the file -----------------------------------------------------------------------------

    def read(self) -> ReadResult:
        check_readable(self.path)
        with open(self.path, "rb") as fh:
            if not fh.read(1):
                raise InputError(self.path, "is empty")
        header, is_bcf = read_header(self.path)
        self.header = header
        self.genome = self._genome(header)
        result = ReadResult(genome=self.genome)
        self.sample_index = self._sample_index(header)
        result.sample = header.samples[self.sample_index] if self.sample_index is not None \
            else None
        self.layouts = [layout for tag, description in header.info.items()
                        if (layout := Layout.from_description(tag, description))]
        self.chr_prefix = self._chr_prefix(header)
        self.regions = Regions.for_kb(self.kb, self.genome, self.chr_prefix) \
            if self.genome else None
        self._check_contigs(header)
        self.fasta = self._open_fasta()
        self._models: dict | None = None
        self._codons: dict | None = None
        self._hotspots = {(h.chrom, h.pos, h.ref, h.alt): h for h in self.kb.hotspots
                          if h.build == self.genome}

        for record in self._records(is_bcf, result):
            self._record(record, result)
        self._breakends(result)
        return result

    def _records(self, is_bcf: bool, result: ReadResult):
        """Records in the regions; counts the rest into result.outside_kb_genes."""
        index = index_path(self.path)
        compressed = is_bcf or self._bgzipped()
        if self.regions is not None and index is not None and compressed:
            total = index_record_count(index)
            if total is not None:
                yield from self._indexed(is_bcf, total, result)
                return
        yield from self._scanned(is_bcf, result)

    def _bgzipped(self) -> bool:
        with open(self.path, "rb") as fh:
            head = fh.read(18)
        # BGZF: gzip with the 'BC' extra subfield
        return head.startswith(GZIP_MAGIC) and len(head) >= 14 and head[3] & 4 and \
            head[12:14] == b"BC"

    def _indexed(self, is_bcf: bool, total: int, result: ReadResult):
        seen: set[tuple] = set()
        read = 0
        pending_mates: list[tuple[str, int]] = []
        try:
            for record in region_records(self.path, self.regions.region_strings(), is_bcf):
                record.where = f"{self.path.name}:{record.chrom}:{record.fields[1]}"
                key = (record.chrom, record.fields[1], record.id, record.fields[3],
                       record.fields[4])
                if key in seen:
                    continue
                if not self.regions.contains(record.chrom, record.pos) and \
                        not record.is_structural:
                    continue  # overlaps the region but starts before it: outside
                seen.add(key)
                read += 1
                mate = _MATE.search(record.fields[4])
                if mate and not self.regions.contains(mate.group(1), int(mate.group(2))):
                    pending_mates.append((mate.group(1), int(mate.group(2))))
                yield record
            # a breakend whose mate lies outside every region: fetch the mate too
            for contig, pos in pending_mates:
                for record in region_records(self.path, [f"{contig}:{pos}-{pos}"], is_bcf):
                    key = (record.chrom, record.fields[1], record.id, record.fields[3],
                           record.fields[4])
                    if key in seen or record.pos != pos or not _MATE.search(record.fields[4]):
                        continue
                    seen.add(key)
                    read += 1
                    record.where = f"{self.path.name}:{record.chrom}:{record.fields[1]}"
                    yield record
        except ValueError as exc:
            raise InputError(self.path, f"cannot be read through its index ({exc})") from None
        except OSError as exc:
            raise InputError(self.path, f"cannot be read ({exc})") from None
        result.input_records = total
        result.outside_kb_genes += total - read

    def _scanned(self, is_bcf: bool, result: ReadResult):
        """One pass; lines in the regions are parsed, the others counted (a structural variant
        starting outside but reaching into a region, or a breakend whose mate lies in one, is
        kept)."""
        regions = self.regions
        counts = {"records": 0, "outside": 0}
        spans = None if regions is None else \
            {c: ([s for s, _ in v], [e for _, e in v]) for c, v in regions.spans.items()}

        def keep(chrom, pos_text, line) -> bool:  # only lines outside the spans come here
            if spans is None:
                return True
            if line is not None and (b"<" in line or b"[" in line or b"]" in line) \
                    and self._reaches_region(line.decode("utf-8", "replace")):
                return True
            counts["outside"] += 1
            return False

        for number, text in scan_lines(self.path, keep, is_bcf, spans):
            counts["records"] += 1
            line = None if is_bcf else number
            chrom, _, rest = text.partition("\t")
            where = f"{self.path.name}:{chrom}:{rest.split(chr(9), 1)[0]}"
            try:
                record = Record(text, where, line)
            except ValueError as exc:
                if not self.options.lenient:
                    raise InputError(self.path, str(exc), line=line) from None
                result.skipped["invalid VCF record"] += 1
                continue
            yield record
        result.input_records = counts["records"] + counts["outside"]
        result.outside_kb_genes += counts["outside"]

    def _reaches_region(self, text: str) -> bool:
        """A structural-variant line starting outside the regions: its END or mate inside?"""
        try:
            record = Record(text, "", None)
            if not record.is_structural:
                return False
            mate = _MATE.search(record.fields[4])
            if mate:
                return self.regions.contains(mate.group(1), int(mate.group(2)))
            return self.regions.overlaps(record.chrom, record.pos, record.end)
        except ValueError:
            return False

    # -- the header ---------------------------------------------------------------------------

    def _genome(self, header: Header) -> str | None:
        build, how = build_from_header(header.lines, header.contigs)
        given = self.options.genome
        if build is None and how not in ("silent",) and not given:
            raise InputError(self.path, f"genome build unclear: the header has {how}; "
                             "give --genome GRCh37 or GRCh38")
        if build and given and build != given:
            raise InputError(self.path, f"header describes {build}, but --genome {given} was "
                             f"given (the header's {how} say {build})")
        return build or given

    def _chr_prefix(self, header: Header) -> bool:
        names = list(header.contigs)
        if not names:
            names = [self._first_chrom() or ""]
        return any(n.lower().startswith("chr") for n in names)

    def _first_chrom(self) -> str | None:
        for _, text in scan_lines(self.path, lambda c, p, line: True, False):
            return text.split("\t", 1)[0]
        return None

    def _check_contigs(self, header: Header) -> None:
        if self.regions is None or not header.contigs:
            return
        bare = {bare_chrom(c) for c in header.contigs}
        if not bare & MAIN_CHROMOSOMES:
            names = ", ".join(list(header.contigs)[:3])
            raise InputError(self.path, f"contig names ({names}, ...) fit neither GRCh37 nor "
                             "GRCh38 chromosome names (1..22, X, Y, with or without 'chr'): "
                             "rename the contigs")

    def _sample_index(self, header: Header) -> int | None:
        samples = header.samples
        if not samples:
            return None
        wanted = self.options.sample
        named = {}
        for line in header.lines:
            for key in ("tumor_sample", "normal_sample"):
                if line.startswith(f"##{key}="):
                    named[key] = line.split("=", 1)[1].strip()
            m = re.match(r"##SAMPLE=<ID=(\w+),.*?SampleName=([^,>]+)", line)
            if m and m.group(1).upper() in ("TUMOR", "TUMOUR", "NORMAL"):
                key = "normal_sample" if m.group(1).upper() == "NORMAL" else "tumor_sample"
                named.setdefault(key, m.group(2))
        if wanted is None:
            if named.get("tumor_sample") in samples:
                wanted = named["tumor_sample"]
            elif len(samples) == 2 and named.get("normal_sample") in samples:
                wanted = next(s for s in samples if s != named["normal_sample"])
            elif len(samples) == 2 and {s.upper() for s in samples} == {"TUMOR", "NORMAL"}:
                wanted = next(s for s in samples if s.upper() == "TUMOR")  # Strelka, Manta
        if wanted is not None:
            if wanted not in samples:
                raise InputError(self.path, f"sample '{wanted}' not found; the VCF holds: "
                                 f"{', '.join(samples)}")
            return samples.index(wanted)
        if len(samples) > 1:
            raise InputError(self.path, f"holds {len(samples)} samples ({', '.join(samples)}) "
                             "and no ##tumor_sample header; choose one with --sample")
        return 0

    def _open_fasta(self):
        if self.options.reference is None:
            return None
        import pysam

        reference = Path(self.options.reference)
        check_readable(reference)
        try:
            fasta = pysam.FastaFile(str(reference))
        except (OSError, ValueError) as exc:
            raise InputError(reference, f"is not a readable FASTA ({exc})") from None
        self.fasta_contigs = {bare_chrom(name): name for name in fasta.references}
        return fasta

    def _fasta_contig(self, chrom: str) -> str:
        name = self.fasta_contigs.get(bare_chrom(chrom))
        if name is None:
            raise InputError(self.options.reference, f"has no contig '{chrom}' (or its "
                             "chr-less/chr-prefixed spelling)")
        return name

    # -- records ------------------------------------------------------------------------------

    def _record(self, record: Record, result: ReadResult) -> None:
        try:
            alts = record.alts
            if self.fasta is not None and not record.is_structural:
                self._check_ref(record)
            info = record.info
        except SkipRecord as skip:
            if not self.options.lenient:
                raise InputError(self.path, skip.detail, line=record.line,
                                 record=None if record.line else record.where) from None
            result.skipped[skip.reason] += max(len(record.alts), 1)
            return
        svtype = info.get("SVTYPE", "").upper()
        if svtype == "BND" or any("[" in a or "]" in a for a in alts):
            self.breakends.append(record)
            return
        if not record.passed:
            result.skipped["FILTER not PASS"] += max(len(alts), 1)
            return
        symbolic = next((a.strip("<>").split(":")[0].upper() for a in alts if a.startswith("<")),
                        None)
        kind = _CN_WORDS.get(svtype, svtype) or _CN_WORDS.get(symbolic or "", symbolic)
        if kind in _FUSION_SV and kind != "BND":
            fusion = self._span_fusion(record, kind)
            if fusion is not None:
                self._add(result, fusion)
                return
        if kind in _CNV_TYPES or (symbolic and svtype in _CNV_TYPES):
            self._copy_number(record, kind, result)
            return
        if symbolic or kind in _FUSION_SV:
            result.skipped[f"structural variant <{symbolic or kind}> in no fusion gene"] += 1
            return
        if len(alts) == 1 and self._unchanged_protein(record, result):
            return
        entries = self._entries(record)
        for allele_index, alt in enumerate(alts, start=1):
            if alt in ("*", "."):
                result.skipped["no ALT allele (spanning deletion or '.')"] += 1
                continue
            try:
                alteration = self._small_variant(record, alts, allele_index, alt, entries)
            except NoProteinChange:
                result.skipped[NO_PROTEIN_CHANGE] += 1
                continue
            except SkipRecord as skip:
                if not self.options.lenient:
                    raise InputError(self.path, skip.detail, line=record.line,
                                     record=None if record.line else record.where) from None
                result.skipped[skip.reason] += 1
                continue
            self._add(result, alteration)

    def _unchanged_protein(self, record: Record, result: ReadResult) -> bool:
        """A cheap look at the raw annotation first: when no consequence of the record can
        change a protein (intronic, synonymous, UTR, intergenic: most of a genome), count it
        without building its consequences."""
        values = [(layout, record.info.get(layout.tag)) for layout in self.layouts]
        values = [(layout, v) for layout, v in values if v]
        if not values or any(_PROTEIN_EFFECT.search(v) or "splice" in v or "p." in v
                             for _, v in values):
            return False
        in_kb = False
        for layout, value in values:
            g, e = layout.index.get("gene"), layout.index.get("effect")
            if e is None:
                return False
            for raw in value.split(","):
                parts = raw.split("|", max(g, e) + 1)
                if len(parts) <= max(g, e):
                    continue
                if not unchanged_protein(parts[e].strip()):
                    return False
                if not in_kb and self._in_kb(parts[g].strip().split("&")[0]):
                    in_kb = True
        if in_kb:
            result.skipped[NO_PROTEIN_CHANGE] += 1
        else:
            result.outside_kb_genes += 1
        return True

    def _in_kb(self, gene: str) -> bool:
        known = self._gene_cache.get(gene)
        if known is None:
            known = self._gene_cache[gene] = self.kb.genes.resolve(gene) is not None
        return known

    def _add(self, result: ReadResult, alteration: Alteration | None) -> None:
        if alteration is None or alteration.gene not in self.kb.genes:
            result.outside_kb_genes += 1
        else:
            result.alterations.append(alteration)

    def _check_ref(self, record: Record) -> None:
        ref = record.ref
        if not ref or ref == "N":
            return
        contig = self._fasta_contig(record.chrom)
        try:
            seq = self.fasta.fetch(contig, record.pos - 1, record.pos - 1 + len(ref)).upper()
        except (ValueError, IndexError) as exc:
            raise SkipRecord("REF does not match the reference FASTA",
                             f"position outside the reference FASTA contig {contig} ({exc})") \
                from None
        if len(seq) != len(ref) or any(a != b and "N" not in (a, b)
                                       for a, b in zip(seq, ref, strict=False)):
            raise SkipRecord("REF does not match the reference FASTA",
                             f"REF {ref} does not match the reference FASTA "
                             f"({Path(self.options.reference).name}: {seq or 'nothing'} at "
                             f"{contig}:{record.pos}); is it the same genome build?")

    def _entries(self, record: Record) -> list[Consequence]:
        out = []
        for layout in self.layouts:
            value = record.info.get(layout.tag)
            if value:
                out.extend(layout.entries(value))
        return out

    def _small_variant(self, record: Record, alts: list[str], allele_index: int, alt: str,
                       entries: list[Consequence]) -> Alteration | None:
        ref = record.ref
        fields = _LazyFields(self, record, allele_index, alt)
        if entries:
            allele = vep_allele(ref, alts, alt)
            mine = [e for e in entries if e.allele in (allele, alt) or
                    (e.dna_change and e.dna_change.endswith(f">{alt}"))]
            if not mine and len(alts) == 1:
                mine = entries
            if mine:
                return self._from_annotation(mine, record, fields)
        return self._from_coordinates(record, ref, alt, fields)

    def _from_annotation(self, entries: list[Consequence], record: Record,
                         fields: dict) -> Alteration | None:
        in_kb = [e for e in entries if self.kb.genes.resolve(e.gene.split("&")[0])]
        entry = choose(in_kb, self.mane)
        if entry is None:
            return None
        gene_text = entry.gene.split("&")[0]
        transcript, hgvs_c = entry.transcript or None, entry.hgvs_c or None
        if entry.hgvs_p.startswith("p.") and entry.hgvs_p not in ("p.?", "p.="):
            text, hint = entry.hgvs_p, ("splice" if entry.is_splice else None)
        elif entry.is_splice and _SPLICE_C.match(entry.hgvs_c):
            text, hint = entry.hgvs_c, "splice"
            model = self.models().get(self.kb.genes.normalise(gene_text))
            if model is not None:
                spliced = translate.splice_change(model, record.pos, record.ref,
                                                  fields["alt"], self.skipping)
                if spliced is not None and spliced.text in self.skipping:
                    text = spliced.text
        elif unchanged_protein(entry.effect):
            raise NoProteinChange
        else:
            return Alteration(gene=self.kb.genes.normalise(gene_text),
                              alteration=entry.hgvs_c or entry.effect or
                              f"{record.ref}>{fields['alt']}", kind=Kind.OTHER,
                              **dict(_full(fields), transcript=transcript, hgvs_c=hgvs_c))
        if entry.hgvs_p.endswith("=") or entry.hgvs_p.endswith("%3D"):
            raise NoProteinChange
        fields = dict(_full(fields), transcript=transcript, hgvs_c=hgvs_c)
        try:
            return self.builder.build(gene_text, text, kind_hint=hint, **fields)
        except AlterationError as exc:
            raise SkipRecord("unreadable consequence annotation", str(exc)) from None

    def models(self) -> dict[str, translate.Transcript]:
        if self._models is None:
            self._models = translate.load_transcripts(data_dir("annotations"), self.genome) \
                if self.genome else {}
        return self._models

    def codons(self) -> dict:
        if self._codons is None:
            self._codons = translate.load_codons(data_dir("annotations"), self.genome) \
                if self.genome else {}
        return self._codons

    def _from_coordinates(self, record: Record, ref: str, alt: str,
                          fields: dict) -> Alteration | None:
        """Hotspot coordinates, then the FASTA and coding models, then the known codons."""
        if self.genome is None:
            raise SkipRecord("unannotated record, genome build unknown",
                             "record has no consequence annotation and the genome build is not "
                             "stated in the header: give --genome GRCh37 or GRCh38")
        chrom = bare_chrom(record.chrom)
        pos, ref, alt = trim(record.pos, ref, alt)
        fields = _full(fields)
        hotspot = self._hotspots.get((chrom, pos, ref, alt))
        if hotspot is not None:
            text = hotspot.protein_change.split(" (")[0]
            flags = () if hotspot.verified else ("coordinate_unverified",)
            alteration = self.builder.build(hotspot.gene, text, **fields)
            return replace(alteration, flags=alteration.flags + flags)
        genes = self.regions.genes_overlapping(record.chrom, pos, pos + len(ref) - 1)
        if not genes:
            return None
        change = None
        for gene in genes:
            model = self.models().get(gene)
            if self.fasta is not None and model is not None:
                translator = translate.Translator(self.fasta, self.models(), self._fasta_contig)
                change = translator.change(gene, pos, ref, alt, self.skipping)
            elif model is not None:
                change = translate.splice_change(model, pos, ref, alt, self.skipping) or \
                    translate.codon_change(self.codons(), chrom, pos, ref, alt,
                                           lambda g: self.models()[g].strand
                                           if g in self.models() else "+")
            if change is not None:
                break
        if change is None:
            if self.fasta is not None and any(g in self.models() for g in genes):
                raise NoProteinChange  # translated: intronic, UTR
            return Alteration(gene=genes[0], alteration=f"g.{pos}{ref}>{alt}", kind=Kind.OTHER,
                              **fields)
        if change.text.endswith("="):
            raise NoProteinChange
        fields = dict(fields, hgvs_c=change.hgvs_c)
        try:
            return self.builder.build(change.gene, change.text, kind_hint=change.kind_hint,
                                      **fields)
        except AlterationError:
            return Alteration(gene=change.gene, alteration=change.text, kind=Kind.OTHER,
                              **fields)

    # -- allele fractions ---------------------------------------------------------------------

    def _allele_fraction(self, record: Record, allele: int):
        """VAF from FORMAT AF/VAF/FREQ, else FORMAT AD (or Strelka tier counts), else INFO
        AF/VAF (sites-only and LoFreq files, with DP4 for the depths)."""
        vaf = depth = alt_depth = None
        sample = record.sample(self.sample_index) if self.sample_index is not None else {}
        ad = _numbers(sample.get("AD", ""))
        if len(ad) > allele and ad[allele] is not None:
            alt_depth = int(ad[allele])
            total = int(sum(x for x in ad if x is not None))
            depth = total or None
            vaf = alt_depth / total if total else None
        elif record.ref in "ACGT" and len(record.ref) == 1 and f"{record.alts[allele - 1]}U" in \
                sample:  # Strelka SNVs: tier-1 counts per base
            counts = {b: (_numbers(sample.get(f"{b}U", ""))[:1] or [None])[0] for b in "ACGT"}
            alt_n, ref_n = counts.get(record.alts[allele - 1]), counts.get(record.ref)
            if alt_n is not None and ref_n is not None and alt_n + ref_n > 0:
                alt_depth, depth = int(alt_n), int(alt_n + ref_n)
                vaf = alt_n / (alt_n + ref_n)
        dp = _numbers(sample.get("DP", ""))
        if dp and dp[0] is not None:
            depth = int(dp[0])
        for tag in ("AF", "VAF", "FREQ"):
            value = _fraction(sample.get(tag, ""), allele)
            if value is not None:
                vaf = value
                break
        if vaf is None and not sample:
            info = record.info
            for tag in ("AF", "VAF"):
                value = _fraction(info.get(tag, ""), allele)
                if value is not None:
                    vaf = value
                    break
            dp4 = _numbers(info.get("DP4", ""))
            if len(dp4) == 4 and None not in dp4:
                alt_depth = int(dp4[2] + dp4[3])
                depth = depth or int(sum(dp4)) or None
                if vaf is None and sum(dp4):
                    vaf = (dp4[2] + dp4[3]) / sum(dp4)
            info_dp = _numbers(info.get("DP", ""))
            if info_dp and info_dp[0] is not None:
                depth = int(info_dp[0])
        return (round(vaf, 6) if vaf is not None else None), depth, alt_depth

    # -- copy number and structural variants --------------------------------------------------

    def _genes_of(self, record: Record, pos: int, chrom: str | None = None) -> list[str]:
        """Knowledge-base genes the record's annotation or INFO names, else those whose span
        holds pos."""
        names: list[str] = []
        for entry in self._entries(record):
            names.extend(entry.gene.split("&"))
        for tag in _GENE_TAGS:
            value = record.info.get(tag)
            if value and value != "1":
                names.extend(g for g in re.split(r"[,;|&]", value) if g)
        genes = []
        for name in names:
            gene = self.kb.genes.resolve(name)
            if gene and gene not in genes:
                genes.append(gene)
        if genes or self.regions is None:
            return genes
        return self.regions.genes_overlapping(chrom or record.chrom, pos, pos)

    def _copy_number(self, record: Record, kind: str, result: ReadResult) -> None:
        info = record.info
        cn = _numbers(info.get("CN", ""))[:1]
        if (not cn or cn[0] is None) and self.sample_index is not None:
            cn = _numbers(record.sample(self.sample_index).get("CN", ""))[:1]
        copies = cn[0] if cn and cn[0] is not None else None
        if copies is None:
            for tag in _FOLD_CHANGE_TAGS:
                value = _numbers(info.get(tag, ""))
                if value and value[0] is not None:
                    copies = 2 * value[0]
                    break
        if copies is None:
            for tag in _LOG2_TAGS:
                value = _numbers(info.get(tag, ""), signed=True)
                if value and value[0] is not None:
                    copies = 2 * 2 ** value[0]
                    break
        copies = round(float(copies), 4) if copies is not None else None
        names = self._genes_of(record, record.pos)
        if not names and self.regions is not None and not self._entries(record):
            names = self.regions.genes_overlapping(record.chrom, record.pos, record.end)
        if not names:
            result.outside_kb_genes += 1
            return
        where = record.where if record.line is None else f"{self.path.name}:{record.line}"
        called = copy_number_call(copies, self.options.thresholds) if copies is not None else None
        for gene in names:
            if kind == "AMP" or (kind in ("DUP", "CNV") and called == "amplification"):
                word = "amplification"
            elif kind == "DEL" or called == "deletion":
                word = "deletion"
            else:
                label = f"copy-number gain (CN {copies:g})" if copies is not None else \
                    "copy-number change"
                result.alterations.append(Alteration(gene=gene, alteration=label,
                                                     kind=Kind.OTHER, copy_number=copies,
                                                     input=where))
                continue
            result.alterations.append(self.builder.build(
                gene, word, copy_number=copies, chrom=bare_chrom(record.chrom), pos=record.pos,
                input=where))

    def _span_fusion(self, record: Record, kind: str) -> Alteration | None:
        """An <INV>/<DEL>/<DUP> whose two ends lie in two genes, one a fusion kinase."""
        if self.regions is None and not self._entries(record):
            return None
        first = self._genes_of(record, record.pos)
        second = self.regions.genes_overlapping(record.chrom, record.end, record.end) \
            if self.regions is not None else []
        return self._fusion(first, second, record, [record])

    def _fusion(self, first: list[str], second: list[str], record: Record,
                records: list[Record]) -> Alteration | None:
        genes = list(dict.fromkeys(first + second))
        kinase = next((g for g in genes if g in self.builder.fusion_genes), None)
        if kinase is None or (first == second and len(genes) == 1):
            return None
        partner = next((g for g in genes if g != kinase), None)
        vaf = _numbers(record.info.get("AF", ""))[:1]
        where = " + ".join(r.where if r.line is None else f"{self.path.name}:{r.line}"
                           for r in records)
        return self.builder.fusion(kinase, partner, chrom=bare_chrom(record.chrom),
                                   pos=record.pos, vaf=vaf[0] if vaf else None, input=where)

    def _breakends(self, result: ReadResult) -> None:
        """BND records: a mate pair (MATEID, or ALT coordinates pointing at each other) is one
        fusion; an unpaired breakend is one too when its ALT names the mate's position."""
        by_id = {r.id: r for r in self.breakends if r.id not in (".", "")}
        done: set[int] = set()
        for record in self.breakends:
            if id(record) in done:
                continue
            done.add(id(record))
            mate_id = record.info.get("MATEID", "").split(",")[0]
            mate = by_id.get(mate_id)
            m = _MATE.search(record.fields[4])
            if mate is None and m:
                mate = next((r for r in self.breakends if id(r) not in done and
                             r.chrom == m.group(1) and r.fields[1] == m.group(2)), None)
            if mate is not None:
                done.add(id(mate))
            pair = [record] + ([mate] if mate is not None else [])
            if not all(r.passed for r in pair):
                result.skipped["FILTER not PASS"] += 1
                continue
            first = self._genes_of(record, record.pos)
            if mate is not None:
                second = self._genes_of(mate, mate.pos)
            elif m and self.regions is not None:
                second = self.regions.genes_overlapping(m.group(1), int(m.group(2)),
                                                        int(m.group(2)))
            else:
                second = []
            self._add(result, self._fusion(first, second, record, pair))


def vep_allele(ref: str, alts: list[str], alt: str) -> str:
    """The allele as VEP writes it in CSQ: shared first base removed, '-' when empty."""
    alleles = [ref, *alts]
    if len(alleles) > 1 and all(a and a[0] == ref[0] for a in alleles) and \
            any(len(a) > 1 for a in alleles) and not alt.startswith("<"):
        return alt[1:] or "-"
    return alt


def trim(pos: int, ref: str, alt: str) -> tuple[int, str, str]:
    """Shared trailing bases, then shared leading bases beyond one, removed: the minimal
    left-anchored VCF form hotspots are written in."""
    while len(ref) > 1 and len(alt) > 1 and ref[-1] == alt[-1]:
        ref, alt = ref[:-1], alt[:-1]
    while len(ref) > 1 and len(alt) > 1 and ref[0] == alt[0]:
        ref, alt, pos = ref[1:], alt[1:], pos + 1
    return pos, ref, alt


def _numbers(text: str, signed: bool = False) -> list[float | None]:
    out: list[float | None] = []
    for item in text.split(",") if text else ():
        try:
            value = float(item)
        except ValueError:
            out.append(None)
            continue
        out.append(value if signed or value >= 0 else None)
    return out


def _fraction(text: str, allele: int) -> float | None:
    """The allele's fraction from a Number=A value; `12.5%` (VarScan FREQ) is a percentage."""
    if not text:
        return None
    items = text.split(",")
    if len(items) < allele:
        return None
    item = items[allele - 1].strip()
    percent = item.endswith("%")
    try:
        value = float(item.rstrip("%"))
    except ValueError:
        return None
    value = value / 100 if percent else value
    return value if 0 <= value <= 1 else None


def read_vcf(path: Path, options: ReadOptions) -> ReadResult:
    return VcfReader(path, options).read()
