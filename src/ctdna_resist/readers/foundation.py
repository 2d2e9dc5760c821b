"""FoundationOne CDx / FoundationOne Liquid CDx XML results report.

The report (`rr:ResultsReport`) holds a `variant-report` element (namespace
`http://foundationmedicine.com/compbio/variant-report-external`) whose attributes give the
disease, `pipeline-version`, `test-type`, ..., with
- `short-variants/short-variant`: `@gene`, `@protein-effect` (`L858R`), `@cds-effect`
  (`2573T>G`), `@allele-fraction` (a fraction; older reports give `@percent-reads`), `@depth`,
  `@transcript`, `@status`, `@equivocal`, `@functional-effect`;
- `copy-number-alterations/copy-number-alteration`: `@gene`, `@copy-number`, `@ratio`, `@type`
  (`amplification`, `loss`, ...);
- `rearrangements/rearrangement`: `@targeted-gene`, `@other-gene`, `@type`, `@allele-fraction`,
  `@supporting-read-pairs`.
Every reported alteration is read, whatever its `@status` (known, likely, unknown) or
`@equivocal`: the vendor reported them. The copy number of a liquid test (`@test-type`
naming Liquid, or FoundationACT) is the plasma copy number; that of a tissue test is the
vendor's tumour copy-number estimate, kept as `tumor_copy_number`.

The file is parsed with defusedxml: a document declaring entities (the "billion laughs"
expansion bomb) or referring to external entities or DTDs is refused, never expanded or fetched.
"""

from __future__ import annotations

import re
from pathlib import Path

from ..errors import InputError
from ..model import Alteration, Kind, ReadResult
from ..normalize.alterations import AlterationError
from ..normalize.protein import parse_protein_change
from .common import ReadOptions, SkipRecord, keep, parse_fraction, parse_number

#: variant-report attributes passed on as input metadata
METADATA = ("disease", "disease-ontology", "pipeline-version", "test-type", "specimen",
            "purity-assessment", "tissue-of-origin")


def sniff(head: bytes, path: Path) -> bool:
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    return text.startswith(b"<") and (b"variant-report" in head or b"ResultsReport" in head)


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _parse(path: Path):
    from xml.etree.ElementTree import ParseError

    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import parse

    try:
        return parse(str(path), forbid_dtd=False, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as exc:
        raise InputError(path, f"refused: the XML declares entities or external references "
                         f"({type(exc).__name__}); a results report never needs them") from None
    except ParseError as exc:
        line = exc.position[0] if getattr(exc, "position", None) else None
        raise InputError(path, f"is not well-formed XML ({exc})", line=line) from None
    except (LookupError, ValueError) as exc:  # an encoding Python does not know, ...
        raise InputError(path, f"is not readable XML ({exc})") from None


def read_foundation(path: Path, options: ReadOptions) -> ReadResult:
    root = _parse(path).getroot()
    report = next((e for e in root.iter() if _local(e.tag) == "variant-report"), None)
    if report is None:
        raise InputError(path, "has no variant-report element: not a FoundationOne results "
                         "report")
    reference = next((e.text.strip() for e in root.iter()
                      if _local(e.tag) == "ReferenceID" and e.text and e.text.strip()), None)
    sample = next((e.get("name") for e in report.iter() if _local(e.tag) == "sample"), None)
    test_type = report.get("test-type", "")
    liquid = bool(re.search(r"liquid|act", test_type, re.I))
    result = ReadResult(sample=reference or sample, genome=options.genome)
    result.metadata = {name.replace("-", "_"): report.get(name) for name in METADATA
                       if report.get(name)}
    for element in report.iter():
        kind = _local(element.tag)
        if kind not in ("short-variant", "copy-number-alteration", "rearrangement"):
            continue
        result.input_records += 1
        where = f"{path.name}:{kind}#{result.input_records}"
        try:
            if kind == "short-variant":
                alteration = _short_variant(element, options, where)
            elif kind == "copy-number-alteration":
                alteration = _copy_number(element, options, where, liquid)
            else:
                alteration = _rearrangement(element, options, where)
        except SkipRecord as skip:
            if not options.lenient:
                raise InputError(path, skip.detail, record=f"{kind} {element.get('gene') or ''}"
                                 f"{element.get('targeted-gene') or ''}".strip()) from None
            result.skipped[skip.reason] += 1
            continue
        keep(result, alteration, options.kb)
    return result


def _gene(element, attribute: str) -> str:
    gene = (element.get(attribute) or "").strip()
    if not gene:
        raise SkipRecord(f"no {attribute}", f"no {attribute} attribute")
    return gene


def _number(element, attribute: str, *, integer: bool = False):
    try:
        return parse_number(element.get(attribute) or "", attribute, integer=integer)
    except ValueError as exc:
        raise SkipRecord(f"{attribute} invalid", str(exc)) from None


def _short_variant(element, options: ReadOptions, where: str) -> Alteration:
    gene = _gene(element, "gene")
    source = "allele-fraction" if element.get("allele-fraction") else "percent-reads"
    try:
        if element.get("allele-fraction"):
            vaf = parse_fraction(element.get("allele-fraction"))
        else:
            vaf = parse_fraction(element.get("percent-reads") or "", percent_column=True)
    except ValueError as exc:
        raise SkipRecord("allele fraction invalid", str(exc)) from None
    cds = (element.get("cds-effect") or "").strip()
    hgvs_c = (cds if cds.startswith("c.") else f"c.{cds}") if cds else None
    fields = dict(vaf=vaf, vaf_source=source if vaf is not None else None,
                  depth=_number(element, "depth", integer=True),
                  transcript=element.get("transcript") or None, hgvs_c=hgvs_c, input=where)
    protein = (element.get("protein-effect") or "").strip()
    functional = (element.get("functional-effect") or "").lower()
    try:
        if protein and parse_protein_change(protein) is not None:
            return options.builder.build(gene, protein, **fields)
        if "splice" in functional or "splice" in protein.lower():
            if hgvs_c:
                return options.builder.build(gene, hgvs_c, kind_hint="splice", **fields)
        if protein:
            return options.builder.build(gene, protein, **fields)
    except AlterationError as exc:
        raise SkipRecord("unreadable protein-effect", str(exc)) from None
    return Alteration(gene=options.builder.gene(gene), alteration=hgvs_c or functional or "variant",
                      kind=Kind.OTHER, **fields)


def _copy_number(element, options: ReadOptions, where: str, liquid: bool) -> Alteration:
    gene = _gene(element, "gene")
    kind = (element.get("type") or "").lower()
    copies = _number(element, "copy-number")
    copies = float(copies) if copies is not None else None
    numbers = {"copy_number": copies} if liquid else {"tumor_copy_number": copies}
    if "amplification" in kind:
        return options.builder.build(gene, "amplification", input=where, **numbers)
    if "loss" in kind or "deletion" in kind:
        return options.builder.build(gene, "deletion", input=where, **numbers)
    return Alteration(gene=options.builder.gene(gene), alteration=kind or "copy-number change",
                      kind=Kind.OTHER, input=where, **numbers)


def _rearrangement(element, options: ReadOptions, where: str) -> Alteration:
    targeted = _gene(element, "targeted-gene")
    other = (element.get("other-gene") or "").strip()
    if other.upper() in ("", "N/A", "NA", "-", "INTERGENIC"):
        other = ""
    kind = (element.get("type") or "").lower()
    try:
        vaf = parse_fraction(element.get("allele-fraction") or "")
    except ValueError as exc:
        raise SkipRecord("allele fraction invalid", str(exc)) from None
    fields = dict(vaf=vaf, vaf_source="allele-fraction" if vaf is not None else None,
                  alt_depth=_number(element, "supporting-read-pairs", integer=True), input=where)
    if kind in ("", "fusion", "rearrangement"):
        gene = options.builder.gene(targeted)
        partner = options.builder.gene(other) if other else None
        return options.builder.fusion(gene, partner, **fields)
    return Alteration(gene=options.builder.gene(targeted), alteration=f"rearrangement ({kind})",
                      kind=Kind.OTHER, partner=options.builder.gene(other) if other else None,
                      **fields)
