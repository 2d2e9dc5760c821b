"""One sample: `annotate` (inputs -> `Result`) and `report` (annotate, render, write)."""

from __future__ import annotations

import dataclasses
import gc
import math
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Unpack

from ..assessment import Assessment, assess, coverage_of
from ..context import (
    Context,
    estimate_tumor_fraction,
    infer_driver,
    parse_driver,
    resolve_therapies,
    same_driver,
)
from ..errors import KnowledgeBaseError, UsageError
from ..kb import default_dir, shipped
from ..kb.load import KnowledgeBase
from ..kb.schema import TABLES
from ..model import Accounting, Alteration, OtherAlteration, ReadResult, Result, Sample
from ..numbers import parse_option_number, parse_tumor_fraction
from ..outputs import Content, check_not_inputs, check_writable, write_all
from ..readers import read_inputs
from ..readers.common import ReadOptions
from ..readers.panel_genes import read_panel_genes
from ..version import __version__
from ._options import InputPaths, Request, RequestOptions, as_request


def check_thresholds(values: dict[str, float | str], kb: KnowledgeBase) -> dict[str, float]:
    """Overrides of thresholds.tsv defaults: known names, finite values that fit the unit
    (a value written as text is read as every number is, numbers.py)."""
    checked: dict[str, float] = {}
    for name, value in values.items():
        if name not in kb.thresholds:
            known = ", ".join(sorted(kb.thresholds))
            raise UsageError(f"--threshold {name}: unknown threshold (known: {known})")
        unit = kb.threshold_units.get(name, "")
        limits = "a fraction from 0 to 1" if unit == "fraction" else "a number >= 0"
        if isinstance(value, str):
            try:
                value = parse_option_number(value, f"--threshold {name}")
            except ValueError as exc:
                raise UsageError(f"{exc}; it must be {limits}") from None
        if isinstance(value, bool) or not isinstance(value, int | float) or \
                not math.isfinite(value) or value < 0 or (unit == "fraction" and value > 1):
            raise UsageError(f"--threshold {name}={value}: must be {limits}")
        checked[name] = float(value)
    return checked


def given_fraction(value: float | str) -> float:
    """--tumor-fraction: `0.12` or `12%` (as the sheets write it, numbers.py), in (0, 1]."""
    if isinstance(value, str):
        try:
            return parse_tumor_fraction(value)
        except ValueError:
            pass
    elif not isinstance(value, bool) and isinstance(value, int | float) and \
            math.isfinite(value) and 0 < value <= 1:
        return float(value)
    raise UsageError(f"--tumor-fraction {value}: must be a fraction in (0, 1] or a percentage "
                     "such as 12%")


def load_kb(kb_dir: Path | None) -> KnowledgeBase:
    """The knowledge base at `kb_dir` (the shipped one when None), loaded once per process.
    A folder holding no table at all is a usage error naming it; every problem of an invalid
    one names its file with the folder (`/path/genes.tsv:12: ...`)."""
    directory = Path(kb_dir).resolve() if kb_dir else default_dir()
    if kb_dir and directory.is_dir() and \
            not any((directory / name).is_file() for name in ("VERSION", *TABLES)):
        raise UsageError(f"--kb {kb_dir}: holds no knowledge-base tables (VERSION, "
                         f"{', '.join(list(TABLES)[:3])}, ...); give the folder that holds "
                         "them, such as a copy of the shipped annotations/")
    try:
        return shipped(directory)
    except KnowledgeBaseError as exc:
        raise KnowledgeBaseError([p if p.startswith(str(directory)) else f"{directory}/{p}"
                                  for p in exc.problems]) from None


def annotate(request: Request | InputPaths, /, **options: Unpack[RequestOptions]) -> Result:
    """Annotate one sample: its inputs read, matched against the knowledge base in its
    context (therapies, driver, tumour fraction) and interpreted. Takes a `Request`, or the
    inputs (a path or a list of paths) with any field of `Request` as a keyword:
    `annotate("x.vcf.gz", therapies=["erlotinib", "osimertinib"])`. Returns the `Result`:
    `.to_dict()` is the JSON report, `.findings_frame()`, `.options_frame()` and
    `.other_frame()` are tables (pandas). Invalid input raises `InputError`, an invalid option
    `UsageError` (both `CtdnaResistError`)."""
    if options or not isinstance(request, Request):
        request = as_request(request, options, "annotate")
    with collector_paused():
        return _annotate(request)


@contextmanager
def collector_paused() -> Iterator[None]:
    """The cyclic garbage collector paused for one sample: a run makes hundreds of thousands
    of objects that reference counting alone frees, and the collector's passes over the
    growing heap took 6 % of a 5,000-record panel VCF and a quarter of 50,000 alterations
    (peak memory unchanged). What cycles the run leaves are collected once it resumes."""
    paused = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if paused:
            gc.enable()


def _annotate(request: Request) -> Result:
    kb = load_kb(request.kb_dir)
    if request.tumor_fraction is not None:
        request = dataclasses.replace(request,
                                      tumor_fraction=given_fraction(request.tumor_fraction))
    if request.genome is not None and request.genome not in ("GRCh37", "GRCh38"):
        raise UsageError(f"--genome {request.genome}: must be GRCh37 or GRCh38")
    changed = check_thresholds(request.thresholds, kb)
    thresholds = {**kb.thresholds, **changed}
    therapies = resolve_therapies(request.therapies, kb)
    builder = kb.alteration_builder()
    given_driver = parse_driver(request.driver, builder) if request.driver else None

    options = ReadOptions(kb=kb, builder=builder, sample=request.sample, genome=request.genome,
                          lenient=request.lenient, reference=request.reference,
                          thresholds=thresholds)
    read = read_inputs([Path(p) for p in request.inputs], options, request.input_format)
    alterations = read.alterations

    driver, driver_method, co_drivers = _driver(given_driver, alterations, therapies, kb)
    tumor_fraction, tf_method = _tumor_fraction(request, read, alterations, driver, kb,
                                                thresholds)
    sample_id = request.sample_id or request.sample or read.sample or \
        Path(request.inputs[0]).name.split(".")[0]
    context = Context(sample_id=sample_id, tumor_type=request.tumor_type, therapies=therapies,
                      driver=driver, driver_method=driver_method, tumor_fraction=tumor_fraction,
                      tumor_fraction_method=tf_method, co_drivers=co_drivers,
                      bam=str(request.bam) if request.bam else None,
                      driver_given=given_driver is not None,
                      driver_detected=driver is not None and driver in alterations,
                      matched_normal=read.matched_normal)
    if request.bam:
        from ..phase import phase_alterations

        context.phases = phase_alterations(alterations, Path(request.bam), thresholds)
    panel_genes = read_panel_genes(request.panel_genes, kb, read.genome or request.genome) \
        if request.panel_genes else set()
    result = assess(kb=kb, context=context, alterations=alterations, thresholds=thresholds,
                    coverage=coverage_of(alterations, read.formats, panel_genes))
    _note_vaf_sources(result.findings, result.others, alterations)
    result.others.extend(_set_aside(read))
    return _result(request, read, kb, context, result, changed)


def _result(request: Request, read: ReadResult, kb: KnowledgeBase, context: Context,
            assessment: Assessment, changed: dict[str, float]) -> Result:
    """`changed`: the thresholds this run changed from the knowledge-base defaults."""
    driver = context.driver
    sample = Sample(
        id=context.sample_id, tumor_type=request.tumor_type,
        therapies=[t.name for t in context.therapies],
        driver=({"gene": driver.gene, "alteration": driver.alteration} if driver else None),
        tumor_fraction=context.tumor_fraction,
        tumor_fraction_method=context.tumor_fraction_method,
        driver_method=context.driver_method, genome=read.genome or request.genome,
        genome_evidence=_genome_evidence(read, request),
        driver_detected=context.driver_detected if driver is not None else None,
        input_metadata=read.metadata, tumor_type_in_kb=context.tumor_type_in_kb)
    return Result(
        tool={"name": "ctdna-resist", "version": __version__},
        knowledge_base={"version": kb.version, "entries": kb.entry_count,
                        # thresholds this run changed from the knowledge-base defaults
                        "thresholds_changed": dict(sorted(changed.items()))},
        sample=sample, summary=assessment.summary, findings=assessment.findings,
        not_detected=assessment.not_detected, not_assessed=assessment.not_assessed,
        not_assessable=assessment.not_assessable, other_alterations=assessment.others,
        accounting=_accounting(read, assessment.findings, assessment.others))


@dataclass(frozen=True)
class Outputs:
    """Where one sample's outputs go; '-' is standard output; None: not written."""

    html: Path | str | None = None
    pdf: Path | str | None = None
    json: Path | str | None = None
    tsv: Path | str | None = None

    def paths(self) -> list[Path | str]:
        return [p for p in (self.html, self.pdf, self.json, self.tsv) if p]

    def check(self) -> None:
        """Standard output takes one output: two would interleave in one stream."""
        to_stdout = [kind for kind in ("html", "pdf", "json", "tsv")
                     if str(getattr(self, kind) or "") == "-"]
        if len(to_stdout) > 1:
            raise UsageError(f"{' and '.join(to_stdout)} both go to standard output ('-'); "
                             "only one output can, give the other a file name")


def report(request: Request | InputPaths, outputs: Outputs | None = None, /, *,
           html: Path | str | None = None, pdf: Path | str | None = None,
           json: Path | str | None = None, tsv: Path | str | None = None,
           **options: Unpack[RequestOptions]) -> Result:
    """Annotate one sample (as `annotate`) and write the outputs asked for, as `Outputs` or
    as keywords (`report("x.vcf.gz", therapies=["osimertinib"], html="r.html")`; '-' is
    standard output): every output complete, or none (a failure while writing removes what
    this call wrote). Outputs that cannot be written fail before any work."""
    if options or not isinstance(request, Request):
        request = as_request(request, options, "report")
    if outputs is None:
        outputs = Outputs(html=html, pdf=pdf, json=json, tsv=tsv)
    elif any((html, pdf, json, tsv)):
        raise TypeError("report() takes the outputs as Outputs or as keywords, not both")
    outputs.check()
    check_not_inputs(outputs.paths(), files_read(request))
    for path in outputs.paths():
        check_writable(path)
    with collector_paused():
        result = annotate(request)
        write_all(render_outputs(result, outputs, load_kb(request.kb_dir)))
    return result


def files_read(request: Request) -> list[Path]:
    """Every file a run of `request` reads: the inputs, the reads, the reference FASTA and
    the panel's gene list."""
    return [Path(p) for p in (*request.inputs, request.bam, request.reference,
                              request.panel_genes) if p]


def render_outputs(result: Result, outputs: Outputs,
                   kb: KnowledgeBase) -> list[tuple[Path | str, Content]]:
    """(path, content) of each output asked for; renderers are imported only when needed."""
    rendered: list[tuple[Path | str, Content]] = []
    html = None
    if outputs.html or outputs.pdf:
        from ..render.html import render_html

        html = render_html(result, kb)
    if outputs.pdf:
        from ..render.pdf import render_pdf

        rendered.append((outputs.pdf, render_pdf(html)))
    if outputs.json:
        from ..render.json_out import json_chunks

        rendered.append((outputs.json, json_chunks(result)))
    if outputs.tsv:
        from ..render.tsv import render_tsv

        rendered.append((outputs.tsv, render_tsv(result)))
    if outputs.html:
        rendered.append((outputs.html, html))
    return rendered


def _driver(given: Alteration | None, alterations: list[Alteration], therapies, kb):
    """The given driver (the input's own record of it when present), else the inferred one:
    (driver, how it was found, the companions of a compound driver)."""
    if given is not None:
        found = next((a for a in alterations if same_driver(given, a)), None)
        if found is None:
            return given, "given; not detected in this input", []
        return found, "given", []
    return infer_driver(alterations, therapies, kb)


def _tumor_fraction(request: Request, read: ReadResult, alterations, driver, kb, thresholds):
    """Given on the command line, else stated by an input, else estimated (method said)."""
    if request.tumor_fraction is not None:
        return request.tumor_fraction, "given"
    if read.tumor_fraction is not None:
        return read.tumor_fraction, f"from the input ({read.tumor_fraction_source})"
    return estimate_tumor_fraction(alterations, driver, kb, thresholds)


def _accounting(read: ReadResult, findings: list, others: list) -> Accounting:
    """Derived from the lists, so alterations = findings + other + skipped + outside holds."""
    skipped = sum(read.skipped.values())
    return Accounting(
        input_records=read.input_records,
        alterations=len(findings) + len(others) + skipped + read.outside_kb_genes,
        findings=len(findings), other=len(others), skipped=skipped,
        outside_kb_genes=read.outside_kb_genes,
        skipped_reasons=dict(sorted(read.skipped.items())), duplicates=read.duplicates,
        outside_kb_gene_examples=sorted(read.outside_kb_gene_names))


def _genome_evidence(read: ReadResult, request: Request) -> str | None:
    """What told the build: an input (a VCF header line, a MAF's NCBI_Build, ...), else the
    option."""
    if read.genome_evidence:
        return read.genome_evidence
    return f"--genome {request.genome}" if request.genome else None


def _note_vaf_sources(findings: list, others: list, alterations: list[Alteration]) -> None:
    """Each finding and other alteration names the input field its VAF was read from."""
    source = {a.key: a.vaf_source for a in alterations if a.vaf_source}
    for item in [*findings, *others]:
        item.vaf_source = source.get((item.gene, item.alteration, item.partner))


def _set_aside(read: ReadResult) -> list[OtherAlteration]:
    """The alterations an input itself says are not calls (genotyped at VAF 0, left out of
    the laboratory's report), listed with the input's reason; never matched, so never a
    finding, a driver or a condition's partner."""
    return [OtherAlteration(
        gene=a.gene, alteration=a.alteration, hgvs_p=a.hgvs_p, partner=a.partner, vaf=a.vaf,
        reason=reason, flags=list(a.flags), copy_number=a.copy_number, input=a.input,
        depth=a.depth, alt_depth=a.alt_depth, vaf_source=a.vaf_source)
        for a, reason in read.set_aside]
