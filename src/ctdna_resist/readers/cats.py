"""C-CAT "CATS" JSON (Japan's cancer genomic test standardized format, schema 1.x), as the
catstools reference schema describes it.

- `metaData.schemaVersion` 1.x; `metaData.referenceGenome.grcRelease` is the build;
- `testInfo.testId` is the sample, `testType` (`tumor-only (cell-free)`, ...) says whether the
  copy numbers are plasma measurements;
- `variants.shortVariants[]`: the first transcript naming a gene gives `geneSymbol`,
  `aminoAcidsChange` (`L858R` or HGVS) and `cdsChange`; `alternateAlleleFrequency`,
  `totalReadDepth`, `alternateAlleleReadDepth`; a splice-site change with no amino-acid change
  reads as the exon skipping it causes;
- `variants.copyNumberAlterations[]`: `copyNumberAlterationType` decides the call
  (amplification; deletion, homozygous deletion: deletion; gain, duplication, loss: listed as a
  low-level change; neutral: none), one alteration per gene of its transcripts. The copy number
  is 2 × a `fold-change` metric (or 2 × 2^`log2 fold-change`), else the `copy number` metric
  unless it contradicts the call (laboratories write a placeholder `0.0` beside a fold change);
- `variants.rearrangements[]`: `orderedGenePairs` (5', 3') make a fusion (the breakends' genes
  when no order is given); `skippedExonRanges` an exon skipping; one gene on both sides an
  intragenic rearrangement.
A variant the file marks `reported: false` (left out of the laboratory's report) or of germline
origin is listed with that reason and never matched.

Parsed with the standard library's `json`; a file over MAX_BYTES is refused before parsing (a
report is kilobytes; the bound keeps a wrong or hostile file from exhausting memory).
"""

from __future__ import annotations

import gzip
import json
import math
from pathlib import Path

from ..errors import InputError
from ..model import Alteration, Kind, ReadResult
from ..normalize.alterations import AlterationError
from .calls import Splicing
from .common import GZIP_MAGIC, ReadOptions, SkipRecord, check_readable, choose_sample, keep
from .vcf.alleles import NO_PROTEIN_CHANGE

MAX_BYTES = 32 * 1024 * 1024
_AMPLIFIED = {"amplification"}
_DELETED = {"deletion", "homozygous deletion"}
_LOW_LEVEL = {"gain": "copy-number gain", "duplication": "copy-number gain",
              "loss": "copy-number loss"}


def sniff(head: bytes, path: Path) -> bool:
    """A JSON object with CATS's `metaData.schemaVersion` and one of its other top-level keys
    (the keys may come in any order, so not necessarily `testInfo` within the head)."""
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    return text.startswith(b"{") and b'"metaData"' in head and b'"schemaVersion"' in head \
        and any(key in head for key in (b'"testInfo"', b'"sequencingSamples"', b'"variants"'))


def _load(path: Path) -> dict:
    check_readable(path)
    with open(path, "rb") as fh:
        gzipped = fh.read(2) == GZIP_MAGIC
    try:
        with (gzip.open if gzipped else open)(path, "rb") as fh:
            raw = fh.read(MAX_BYTES + 1)
    except (OSError, EOFError) as exc:
        raise InputError(path, f"cannot be read ({exc})") from None
    if len(raw) > MAX_BYTES:
        raise InputError(path, f"is larger than {MAX_BYTES // 2**20} MiB: not a CATS report "
                         "(refused before parsing)")
    try:
        data = json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise InputError(path, f"is not UTF-8 text (byte 0x{raw[exc.start]:02x})") from None
    except json.JSONDecodeError as exc:
        raise InputError(path, f"is not valid JSON ({exc.msg})", line=exc.lineno) from None
    except RecursionError:
        raise InputError(path, "is nested too deeply to be a CATS report") from None
    if not isinstance(data, dict) or not isinstance(data.get("metaData"), dict):
        raise InputError(path, "has no metaData object: not a CATS report")
    return data


def read_cats(path: Path, options: ReadOptions) -> ReadResult:
    data = _load(path)
    meta, test = data["metaData"], _object(data.get("testInfo"))
    version = str(meta.get("schemaVersion", ""))
    if not version.startswith("1."):
        raise InputError(path, f"CATS schema {version or '(none)'}: only schema 1.x is read")
    genome = _genome(path, _object(meta.get("referenceGenome")), options)
    test_id = str(test.get("testId") or "")
    sample = choose_sample(path, [test_id] if test_id else [], options.sample, "testId")
    result = ReadResult(sample=sample, genome=genome or options.genome)
    if genome:
        result.genome_evidence = f"CATS metaData.referenceGenome.grcRelease {genome}"
    result.metadata = {name: str(test[key]) for name, key in (
        ("test_type", "testType"), ("panel", "panelName")) if test.get(key)}
    result.metadata["schema_version"] = version
    liquid = "cell-free" in str(test.get("testType", ""))
    variants = _object(data.get("variants"))
    splicing = Splicing(options, result.genome)
    readers = (("shortVariants", lambda v, w: [_short(v, options, w, splicing, result)]),
               ("copyNumberAlterations", lambda v, w: _copy_number(v, options, w, liquid)),
               ("rearrangements", lambda v, w: [_rearrangement(v, options, w)]))
    for key, read_variant in readers:
        for variant in _list(variants.get(key)):
            result.input_records += 1
            where = f"{path.name}:{variant.get('itemId') or key}"
            try:
                alterations = read_variant(variant, where)
            except (SkipRecord, AlterationError) as skip:
                reason = getattr(skip, "reason", "unreadable variant")
                if not options.lenient:
                    raise InputError(path, str(skip), record=where.split(":", 1)[1]) from None
                result.skipped[reason] += 1
                continue
            for alteration in alterations:
                _add(result, alteration, variant, options)
    return result


def _add(result: ReadResult, alteration: Alteration | None, variant: dict,
         options: ReadOptions) -> None:
    if alteration is None:
        return
    inside = alteration.gene in options.kb.genes or alteration.partner in options.kb.genes
    origin = str(variant.get("variantOrigin", ""))
    if inside and variant.get("reported") is False:
        result.set_aside.append((alteration, "not in the laboratory's report (CATS reported: "
                                 "false)"))
    elif inside and "germline" in origin:
        result.set_aside.append((alteration, f"{origin} origin (CATS variantOrigin)"))
    else:
        keep(result, alteration, options.kb)


def _object(value) -> dict:
    return value if isinstance(value, dict) else {}


def _list(value) -> list[dict]:
    return [v for v in value if isinstance(v, dict)] if isinstance(value, list) else []


def _genome(path: Path, reference: dict, options: ReadOptions) -> str | None:
    release = str(reference.get("grcRelease") or reference.get("name") or "")
    genome = next((b for b in ("GRCh37", "GRCh38") if release.upper().startswith(b.upper())),
                  None)
    if genome and options.genome and genome != options.genome:
        raise InputError(path, f"referenceGenome is {genome}, but --genome {options.genome} "
                         "was given")
    return genome


def _number(variant: dict, key: str, *, integer: bool = False):
    value = variant.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or \
            not math.isfinite(value) or value < 0 or (integer and value != int(value)):
        raise SkipRecord(f"{key} invalid", f"{key} {value!r} is not a "
                         f"{'count' if integer else 'number'} >= 0")
    return int(value) if integer else float(value)


def _genes(variant: dict) -> list[str]:
    return [str(t["geneSymbol"]) for t in _list(variant.get("transcripts"))
            if t.get("geneSymbol")]


def _short(variant: dict, options: ReadOptions, where: str, splicing: Splicing,
           result: ReadResult):
    transcript = next((t for t in _list(variant.get("transcripts")) if t.get("geneSymbol")),
                      None)
    if transcript is None:
        raise SkipRecord("no gene", "the short variant's transcripts name no gene")
    gene = options.builder.gene(str(transcript["geneSymbol"]))
    cds = str(transcript.get("cdsChange") or "")
    amino = str(transcript.get("aminoAcidsChange") or "")
    vaf = _number(variant, "alternateAlleleFrequency")
    if vaf is not None and vaf > 1:
        raise SkipRecord("alternateAlleleFrequency invalid",
                         f"alternateAlleleFrequency {vaf} is above 1")
    fields = dict(vaf=vaf, vaf_source="alternateAlleleFrequency" if vaf is not None else None,
                  depth=_number(variant, "totalReadDepth", integer=True),
                  alt_depth=_number(variant, "alternateAlleleReadDepth", integer=True),
                  transcript=transcript.get("transcriptId") or None,
                  hgvs_c=(cds if cds.startswith("c.") else f"c.{cds}") if cds else None,
                  chrom=str(variant.get("chromosome") or "").removeprefix("chr") or None,
                  pos=_number(variant, "position", integer=True),
                  ref=variant.get("referenceAllele") or None,
                  alt=variant.get("alternateAllele") or None, input=where)
    if gene not in options.kb.genes:
        return Alteration(gene=gene, alteration=amino or cds or "variant", kind=Kind.OTHER,
                          **fields)
    if amino.endswith("="):
        result.skipped[NO_PROTEIN_CHANGE] += 1
        return None
    if not amino:
        skipping = splicing.exon_skipping(gene, fields["pos"], fields["ref"], fields["alt"])
        if skipping:
            return options.builder.build(gene, skipping, kind_hint="splice", **fields)
        if fields["hgvs_c"]:
            return options.builder.build(gene, fields["hgvs_c"], kind_hint="splice", **fields)
    return options.builder.build(gene, amino, **fields)


def _copies(variant: dict, call: str) -> float | None:
    metrics = {str(m.get("unit")): m.get("value") for m in _list(variant.get("copyNumberMetrics"))
               if isinstance(m.get("value"), int | float) and math.isfinite(m["value"])}
    if "fold-change" in metrics:
        return round(2 * metrics["fold-change"], 2)
    if "log2 fold-change" in metrics:
        return round(2 * 2 ** min(metrics["log2 fold-change"], 64.0), 2)
    absolute = metrics.get("copy number", metrics.get("absolute copy number"))
    if absolute is None or (call == "amplification" and absolute <= 2) or \
            (call == "deletion" and absolute >= 2):
        return None  # absent, or a placeholder that contradicts the laboratory's call
    return float(absolute)


def _copy_number(variant: dict, options: ReadOptions, where: str, liquid: bool):
    kind = str(variant.get("copyNumberAlterationType", "")).lower()
    call = "amplification" if kind in _AMPLIFIED else "deletion" if kind in _DELETED else None
    copies = _copies(variant, call or "")
    numbers = {"copy_number": copies} if liquid else {"tumor_copy_number": copies}
    out = []
    for gene in dict.fromkeys(options.builder.gene(g) for g in _genes(variant)):
        if call:
            out.append(options.builder.build(gene, call, input=where, **numbers))
        elif kind in _LOW_LEVEL:
            out.append(Alteration(gene=gene, alteration=_LOW_LEVEL[kind], kind=Kind.OTHER,
                                  input=where, **numbers))
    if not _genes(variant):
        raise SkipRecord("no gene", "the copy-number alteration's transcripts name no gene")
    return out


def _rearrangement(variant: dict, options: ReadOptions, where: str) -> Alteration:
    kind = str(variant.get("rearrangementType", "")).lower()
    vaf = _number(variant, "alternateAlleleFrequency")
    fields = dict(vaf=vaf, vaf_source="alternateAlleleFrequency" if vaf is not None else None,
                  alt_depth=_number(variant, "supportingReadCount", integer=True),
                  depth=_number(variant, "totalReadCount", integer=True), input=where)
    skipped = _list(variant.get("skippedExonRanges"))
    if skipped and skipped[0].get("geneSymbol"):
        first, last = (list(skipped[0].get("exonRange") or []) + [None, None])[:2]
        exons = f"{first}" if first == last else f"{first}-{last}"
        gene = options.builder.gene(str(skipped[0]["geneSymbol"]))
        try:
            return options.builder.build(gene, f"exon {exons} skipping", kind_hint="splice",
                                         **fields)
        except AlterationError:
            return Alteration(gene=gene, alteration=f"exon {exons} skipping", kind=Kind.OTHER,
                              **fields)
    pairs = [p for p in variant.get("orderedGenePairs") or [] if isinstance(p, list)
             and len(p) == 2]
    if pairs:
        five, three = (options.builder.gene(str(g)) for g in pairs[0])
    else:
        genes = [g for b in _list(variant.get("breakends")) for g in _genes(b)][:2]
        if not genes:
            raise SkipRecord("no gene", "the rearrangement's breakends name no gene")
        five, three = (options.builder.gene(genes[0]), options.builder.gene(genes[-1]))
    if five == three:
        return Alteration(gene=three, alteration=f"{kind or 'rearrangement'} (intragenic)",
                          kind=Kind.OTHER, **fields)
    return options.builder.fusion(three, five, **fields)
