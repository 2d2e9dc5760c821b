"""HTML report: a jinja2 environment (autoescape on, StrictUndefined) and the view model the
templates receive. Templates hold no decisions; everything they show is prepared here as text,
so the templates only place it. Input-derived text is never marked safe: the one `Markup` in
the report is the figure, checked in `figure.safe_svg`.
"""

from __future__ import annotations

import os
import re
from datetime import UTC, datetime
from functools import lru_cache
from typing import Any

from ..context import KB_TUMOR_TYPES
from ..interpret import CATEGORY_WORDS
from ..kb.load import KnowledgeBase
from ..model import Category, Finding, OtherAlteration, Result

CATEGORY_TEXT = {
    Category.ON_TARGET.value: "a change in the drug's own target that stops the drug working",
    Category.BYPASS.value: "another receptor or pathway takes over the signal the drug blocks",
    Category.DOWNSTREAM.value: "a change below the receptor in the signalling cascade keeps it "
                               "switched on",
}
EVIDENCE_WORDS = {
    "approved": "approved", "clinical": "clinical data", "case_report": "case report",
    "preclinical": "preclinical", "ongoing_trial": "ongoing trial",
}
FLAG_WORDS = {
    "possible_chip": "possible CHIP", "low_vaf": "low VAF", "low_depth": "low depth",
    "tumor_type_outside_kb": "tumour type outside KB",
    "coordinate_unverified": "coordinate unverified",
}
#: how each threshold named in a flag's meaning is written
THRESHOLD_TEXT = {
    "low_vaf": lambda v: f"below {_pct(v)}",
    "min_depth": lambda v: f"below {v:g} reads",
}
NOT_ASSESSABLE_KINDS = {
    "expression": "protein or RNA expression", "histology": "histological change",
    "epigenetic": "epigenetic change", "other": "not visible in DNA",
}
PHASE_WORDS = {
    "cis": "in cis (on the same DNA molecule)",
    "trans": "in trans (on different DNA molecules)",
    "undetermined": "not determined",
}
CONDITION_WORDS = {
    "cis": "if in cis with {} (on the same DNA molecule)",
    "trans": "if in trans with {} (on different DNA molecules)",
    "with": "if {} is also present",
    "without": "if {} is absent",
    "driver": "with driver {}",
}
DISCLAIMER = ("This report supports, and does not replace, clinical judgement. It lists what "
              "the curated sources document for the alterations detected; treatment decisions "
              "belong to the treating team and the molecular tumour board.")


@lru_cache(maxsize=1)
def environment():
    import jinja2

    from ..resources import data_dir

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(data_dir("templates"))),
        autoescape=True, undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True,
        keep_trailing_newline=True)
    # number formats for templates that format in place (the serial report)
    env.filters["pct"] = _pct
    env.filters["num"] = _num
    return env


def report_date() -> str:
    """From SOURCE_DATE_EPOCH when set, so the same inputs give the same report."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    moment = datetime.fromtimestamp(int(epoch), UTC) if epoch and epoch.isdigit() \
        else datetime.now(UTC)
    return moment.strftime("%Y-%m-%d")


def _pct(value: float | None) -> str:
    if value is None:
        return "—"
    return f"{value * 100:.2f}".rstrip("0").rstrip(".") + "%"


def _num(value: float | None) -> str:
    return "—" if value is None else f"{value:g}"


def _sentence(text: str) -> str:
    """First letter up, the rest as written (gene names keep their case)."""
    return text[:1].upper() + text[1:]


def _label(item: Finding | OtherAlteration) -> str:
    if item.partner:
        return f"{item.partner}-{item.gene} fusion"
    return f"{item.gene} {item.alteration}"


def _amount(vaf: float | None, copy_number: float | None) -> str:
    if vaf is not None:
        return _pct(vaf)
    if copy_number is not None:
        return f"CN {_num(copy_number)}"
    return "—"


class Citations:
    """Numbers the cited reviews in order of first appearance: `001_x.txt §3.1` -> `[1] §3.1`."""

    def __init__(self, kb: KnowledgeBase):
        self.kb = kb
        self.order: list[str] = []

    def cite(self, sources: list[str]) -> str:
        sections: dict[str, list[str]] = {}
        for source in sources:
            file, sep, section = source.partition(" §")
            if file not in self.kb.sources:
                sections.setdefault(source, [])
                continue
            if file not in self.order:
                self.order.append(file)
            sections.setdefault(file, [])
            if sep:
                sections[file].append(f"§{section}")
        parts = []
        for file, secs in sections.items():
            if file not in self.kb.sources:
                parts.append(file)
            else:
                number = f"[{self.order.index(file) + 1}]"
                parts.append(f"{number} {', '.join(secs)}" if secs else number)
        return "; ".join(parts)

    def references(self) -> list[dict[str, Any]]:
        out = []
        for number, file in enumerate(self.order, 1):
            source = self.kb.sources[file]
            doi = source.doi if source.doi and source.doi not in source.citation else ""
            out.append({"number": number, "citation": source.citation, "doi": doi,
                        "id": source.id})
        return out


class Flags:
    """Flag names in plain words, and a legend of the ones the report uses."""

    def __init__(self, kb: KnowledgeBase, changed: dict[str, float] | None = None):
        self.kb = kb
        self.thresholds = {**kb.thresholds, **(changed or {})}  # as this run applied them
        self.used: list[str] = []

    def words(self, flags: list[str]) -> list[dict[str, str]]:
        out = []
        for flag in flags:
            if flag not in self.used:
                self.used.append(flag)
            out.append({"name": FLAG_WORDS.get(flag, flag.replace("_", " ")),
                        "meaning": self.meaning(flag)})
        return out

    def meaning(self, flag: str) -> str:
        text = self.kb.flags.get(flag, "")
        for name, value in self.thresholds.items():
            if re.search(rf"\b{re.escape(name)}\b", text):
                shown = THRESHOLD_TEXT[name](value) if name in THRESHOLD_TEXT \
                    else f"{name} = {value:g}"
                text += f" ({shown})"
        return text

    def legend(self) -> list[dict[str, str]]:
        return [{"name": FLAG_WORDS.get(f, f.replace("_", " ")), "meaning": self.meaning(f)}
                for f in sorted(self.used)]


def condition_words(condition: str) -> str:
    """`cis:EGFR T790M; with:MET amplification` -> plain words."""
    parts = []
    for part in (p.strip() for p in condition.split(";") if p.strip()):
        kind, _, target = part.partition(":")
        parts.append(CONDITION_WORDS.get(kind, "if {}").format(target or kind))
    return " and ".join(parts)


def condition_text(alternative: dict[str, Any]) -> str:
    """The matcher's words for the condition, with what cis or trans means on the molecule."""
    condition = alternative.get("condition", "")
    text = alternative.get("condition_text")
    if not text:
        return condition_words(condition)
    kinds = {part.strip().partition(":")[0] for part in condition.split(";")}
    for kind, meaning in (("cis", "on the same DNA molecule"),
                          ("trans", "on different DNA molecules")):
        if kind in kinds and meaning not in text:
            text += f" ({meaning})"
    return text


def explains(context_match: bool, resists: list[str], assessed: str | None,
             prior: list[str]) -> dict[str, str]:
    """Whether a finding explains progression on the assessed therapy, in words."""
    if assessed is None:
        return {"answer": "no therapy given", "css": "nomatch",
                "detail": f"documented against {', '.join(resists)}"}
    if context_match:
        return {"answer": "yes", "css": "match",
                "detail": f"documented to cause resistance to {assessed}"}
    assessed_drugs = set(assessed.split("+"))
    if assessed_drugs & set(resists):
        return {"answer": "not established", "css": "unsure",
                "detail": f"documented against {assessed} only in another driver context or "
                          "under a condition not confirmed in this sample"}
    earlier = [t for t in prior if set(t.split("+")) & set(resists)]
    if earlier:
        return {"answer": "no", "css": "nomatch",
                "detail": f"explains progression on the earlier {', '.join(earlier)}, "
                          f"not on {assessed}"}
    return {"answer": "no", "css": "nomatch",
            "detail": f"documented against {', '.join(resists)}, not {assessed}"}


def phase_view(finding: Finding) -> dict[str, Any] | None:
    phase = finding.phase
    if not phase:
        return None
    call = phase.get("call", "undetermined")
    reads = phase.get("reads") or {}
    read_text = ""
    if "excluded" in phase:  # fragments were counted from the reads given (--bam)
        read_text = (f"fragments with both: {reads.get('both', 0)} · this change only: "
                     f"{reads.get('this_only', 0)} · {phase.get('with', '')} only: "
                     f"{reads.get('other_only', 0)} · neither: {reads.get('neither', 0)}")
    return {"with": phase.get("with", ""), "call": PHASE_WORDS.get(call, call),
            "undetermined": call == "undetermined", "method": phase.get("method") or "",
            "reads": read_text}


def possibilities(finding: Finding, cite: Citations, assessed: str | None,
                  prior: list[str]) -> list[dict[str, Any]]:
    """What applies under each condition this sample does not settle (e.g. cis or trans):
    entries that would apply instead, and rescue options that hold only if a condition holds."""
    out = []
    for alt in finding.alternatives:
        resists = alt.get("resists", [])
        out.append({
            "when": _sentence(condition_text(alt)),
            "mechanism": _sentence(CATEGORY_WORDS.get(alt.get("category", ""),
                                                      alt.get("category", ""))),
            "resists": ", ".join(resists),
            "explains": explains(bool(alt.get("context_match")), resists, assessed, prior),
            "evidence": alt.get("evidence", ""),
            "sources": cite.cite(alt.get("sources", [])),
        })
    for option in finding.rescue_options:
        if option.condition_status == "unknown" and option.condition:
            out.append({
                "when": _sentence(option.condition),
                "mechanism": "", "resists": "", "explains": None,
                "evidence": f"documented option: {option.regimen} "
                            f"({EVIDENCE_WORDS.get(option.evidence_level, '')})",
                "sources": cite.cite(option.sources),
            })
    return out


def rescue_view(finding: Finding, cite: Citations) -> list[dict[str, Any]]:
    rows = []
    for o in finding.rescue_options:
        condition = ""
        if o.condition:
            condition = o.condition
            if o.condition_status == "unknown":
                condition += " — not determined from this sample"
            elif o.condition_status == "met":
                condition += " — holds in this sample"
        rows.append({
            "regimen": o.regimen, "condition": condition,
            "evidence_level": EVIDENCE_WORDS.get(o.evidence_level, o.evidence_level),
            "evidence": o.evidence, "response": o.response or "—",
            "trial_names": ", ".join(o.trial_names), "trials": ", ".join(o.trials),
            "no_trials": not (o.trials or o.trial_names), "sources": cite.cite(o.sources),
        })
    return rows


def finding_view(index: int, finding: Finding, driver_label: str | None, assessed: str | None,
                 prior: list[str], cite: Citations, flags: Flags) -> dict[str, Any]:
    facts = []
    if finding.vaf is not None:
        facts.append(("VAF", _pct(finding.vaf)))
    if finding.clonality is not None:
        facts.append(("Relative to driver", f"{finding.clonality:g} × the VAF of "
                      f"{driver_label}"))
    if finding.depth is not None:
        facts.append(("Depth", f"{finding.depth} reads"))
    if finding.plasma_copy_number is not None:
        facts.append(("Plasma copy number", _num(finding.plasma_copy_number)))
    if finding.tumor_copy_number is not None:
        facts.append(("Tumour copy number", _num(finding.tumor_copy_number)))
    facts.append(("Evidence", EVIDENCE_WORDS.get(finding.evidence_level,
                                                 finding.evidence_level)))
    return {
        "anchor": f"finding-{index}", "label": _label(finding), "hgvs_p": finding.hgvs_p or "",
        "mechanism": CATEGORY_WORDS[finding.category],
        "amount": _amount(finding.vaf, finding.plasma_copy_number),
        "amount_note": f"tumour CN ≈ {_num(finding.tumor_copy_number)}"
                       if finding.vaf is None and finding.tumor_copy_number is not None else "",
        "relative": f"{finding.clonality:g}×" if finding.clonality is not None else "—",
        "explains": explains(finding.context_match, finding.resists, assessed, prior),
        "evidence_level": EVIDENCE_WORDS.get(finding.evidence_level, finding.evidence_level),
        "facts": facts, "flags": flags.words(finding.flags),
        "evidence": finding.evidence, "frequency": finding.frequency or "",
        "studies": "; ".join(finding.studies), "resists": ", ".join(finding.resists),
        "sources": cite.cite(finding.sources), "input": finding.input,
        "phase": phase_view(finding),
        "possibilities": possibilities(finding, cite, assessed, prior),
        "rescue": rescue_view(finding, cite),
    }


def figure_view(result: Result, driver_vaf: float | None, driver_label: str | None):
    """The VAF figure (inline SVG) and what it leaves out, or None when nothing has a VAF."""
    from .figure import MAX_ROWS, Point

    points: list[Point] = []
    unplotted: list[str] = []
    if driver_vaf is not None and driver_label:
        points.append(Point(driver_label, driver_vaf, "driver"))
    for f in result.findings:
        if f.vaf is None:
            unplotted.append(f"{_label(f)} ({_amount(None, f.plasma_copy_number)})"
                             if f.plasma_copy_number is not None else _label(f))
        else:
            points.append(Point(_label(f), f.vaf, f.category, "possible_chip" in f.flags))
    for o in result.other_alterations:
        if _label(o) == driver_label and o.vaf == driver_vaf:
            continue
        if o.vaf is not None:
            points.append(Point(_label(o), o.vaf, "other", "possible_chip" in o.flags))
    if len(points) > MAX_ROWS:
        unplotted.append(f"{len(points) - MAX_ROWS} more alteration(s) with a VAF, listed in "
                         "the tables")
    if not points:
        return None
    from .figure import draw_vaf_figure

    sample = result.sample
    svg = draw_vaf_figure(points, driver_vaf, driver_label, sample.tumor_fraction,
                          sample.tumor_fraction_method == "given")
    caption = ["Variant allele fraction (VAF) of each alteration in plasma, by mechanism; "
               "hollow markers: possible clonal haematopoiesis (CHIP)."]
    if driver_vaf is not None:
        caption.append(f"Dashed line: the driver {driver_label} ({_pct(driver_vaf)}); an "
                       "alteration near it is likely in most tumour cells, one well below it "
                       "in a subset.")
    if sample.tumor_fraction is not None:
        how = "given" if sample.tumor_fraction_method == "given" else "estimated, see header"
        caption.append(f"Dotted line: tumour fraction {_pct(sample.tumor_fraction)} ({how}); "
                       "a heterozygous change in every tumour cell sits near half of it.")
    return {"svg": svg, "caption": " ".join(caption), "unplotted": unplotted}


def view_model(result: Result, kb: KnowledgeBase) -> dict[str, Any]:
    sample = result.sample
    assessed = sample.therapies[-1] if sample.therapies else None
    prior = sample.therapies[:-1]
    driver_label = f"{sample.driver['gene']} {sample.driver['alteration']}" \
        if sample.driver else None
    driver_row = next((o for o in result.other_alterations
                       if driver_label and _label(o) == driver_label), None)
    driver_vaf = driver_row.vaf if driver_row else None
    changed = result.knowledge_base.get("thresholds_changed", {})
    cite, flags, other_flags = Citations(kb), Flags(kb, changed), Flags(kb, changed)

    findings = [finding_view(i, f, driver_label, assessed, prior, cite, flags)
                for i, f in enumerate(result.findings, 1)]
    groups = []
    for category in Category:
        items = [view for f, view in zip(result.findings, findings, strict=True)
                 if f.category == category.value]
        if items:
            groups.append({"name": _sentence(CATEGORY_WORDS[category.value]),
                           "explain": CATEGORY_TEXT[category.value], "findings": items})
    not_assessable = [{
        "mechanism": n.mechanism, "gene": n.gene or "",
        "kind": NOT_ASSESSABLE_KINDS.get(n.kind, n.kind), "evidence": n.evidence,
        "frequency": n.frequency or "", "sources": cite.cite(n.sources)}
        for n in result.not_assessable]
    others = [{
        "label": _label(o), "hgvs_p": o.hgvs_p or "", "amount": _amount(o.vaf, o.copy_number),
        "reason": o.reason, "flags": other_flags.words(o.flags), "input": o.input,
        "css": "chip" if "possible_chip" in o.flags else ("driver" if o is driver_row else "")}
        for o in result.other_alterations]
    a = result.accounting
    qc = [("Input records read", str(a.input_records)),
          ("Alterations", f"{a.alterations} = {a.findings} resistance findings + {a.other} "
                          f"other + {a.skipped} skipped + {a.outside_kb_genes} in genes "
                          "outside the knowledge base (counted only)")]
    if a.outside_kb_gene_examples:
        qc.append(("Outside the knowledge base", f"{a.outside_kb_genes} alteration(s) counted, "
                   "not assessed, in genes such as " + ", ".join(a.outside_kb_gene_examples)))
    qc += [(f"Skipped: {reason}", str(count)) for reason, count in a.skipped_reasons.items()]
    if not a.skipped_reasons:
        qc.append(("Skipped", "none: every record was usable"))
    if a.duplicates:
        qc.append(("Read more than once", f"{a.duplicates} (the same alteration from another "
                                          "input or a repeated row, counted once)"))
    qc += [(f"Input states: {key}", value) for key, value in sample.input_metadata.items()]
    tf = _pct(sample.tumor_fraction) if sample.tumor_fraction is not None else "unknown"
    header = [
        ("Tumour type", sample.tumor_type,
         "" if sample.tumor_type.strip().lower() in KB_TUMOR_TYPES else
         "the knowledge base documents NSCLC: matches are documented in NSCLC only"),
        ("Therapy assessed", assessed or "none given", "the most recent line"),
        ("Prior therapies", ", ".join(prior) or "none given", "in the order received"),
        ("Driver", driver_label or "unknown", sample.driver_method),
        ("Tumour fraction", tf, sample.tumor_fraction_method or ""),
        ("Genome build", sample.genome or "not stated", ""),
        ("Report date", report_date(), ""),
        ("Produced by", f"{result.tool['name']} {result.tool['version']}",
         f"knowledge base {result.knowledge_base['version']} "
         f"({result.knowledge_base['entries']} resistance entries)"),
    ]
    methods = [
        "Each input record was read and normalised (gene aliases, protein changes in "
        "one-letter form, class events such as amplification) and matched against the "
        f"ctdna-resist knowledge base version {result.knowledge_base['version']} "
        f"({result.knowledge_base['entries']} resistance entries, documented for NSCLC).",
        "Resistance is assessed against the most recent therapy"
        + (f" ({assessed})" if assessed else "") + ": a finding explains progression when "
        "its knowledge-base entry documents resistance to that therapy in this driver "
        "context. Findings documented for other therapies are still listed.",
        "VAF is reported as measured in plasma. 'Relative to driver' divides it by the VAF of "
        "the sensitising driver; the tumour fraction is "
        + (f"{sample.tumor_fraction_method}." if sample.tumor_fraction_method
           else "unknown.")
        + " Whether two changes are on the same DNA molecule (cis) or on different ones "
        "(trans) needs the sequencing reads (--bam); without them the phase is reported as "
        "not determined and what applies under each possibility is shown.",
        "Every mechanism, frequency and rescue option cites a section of the reviews below "
        "([n] §section). Mechanisms that a DNA assay cannot see are listed so that their "
        "absence here is not read as ruled out.",
    ]
    view = {
        "title": f"ctdna-resist report: {sample.id}",
        "sample_id": sample.id, "date": report_date(), "header": header,
        "running_id": sample.id if len(sample.id) <= 40 else sample.id[:39] + "…",
        "generator": f"{result.tool['name']} {result.tool['version']}",
        "summary": result.summary, "assessed": assessed or "the assessed therapy",
        "findings": findings, "groups": groups,
        "figure": figure_view(result, driver_vaf, driver_label),
        "not_assessable": not_assessable, "others": others, "qc": qc, "methods": methods,
        "kb_version": result.knowledge_base["version"],
        "disclaimer": DISCLAIMER,
    }
    view["flag_legend"] = flags.legend()
    view["other_flag_legend"] = other_flags.legend()
    view["references"] = cite.references()
    return view


def render_html(result: Result, kb: KnowledgeBase) -> str:
    return environment().get_template("report.html.j2").render(**view_model(result, kb))
