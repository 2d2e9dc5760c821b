"""The report's answer in words: which findings most likely explain progression on the assessed
therapy, the best documented option for the leading one (or why none applies), and the caveats
a reader must not miss (a driver that is not detected, a tumour type the sources do not cover,
a tumour fraction too low for a negative result)."""

from __future__ import annotations

from .context import Context
from .interpret import SUMMARY_WORDS
from .model import Applicability, Finding, Flag
from .words import CATEGORY_WORDS, counted, join_words, percent

EVIDENCE_WORDS = {"approved": "approved", "clinical": "clinical data",
                  "case_report": "case report", "preclinical": "preclinical",
                  "ongoing_trial": "ongoing trial"}
#: never named as the explanation: an inherited variant is not resistance
NOT_NAMED = {Flag.POSSIBLE_GERMLINE}


def summarise(findings: list[Finding], context: Context, thresholds: dict[str, float]) -> str:
    sentences = [_answer(findings, context, thresholds)]
    sentences += _caveats(context)
    return " ".join(sentences)


def _answer(findings: list[Finding], context: Context, thresholds: dict[str, float]) -> str:
    assessed = context.assessed.name if context.assessed else None
    named = [f for f in findings if not NOT_NAMED & set(f.flags)]
    explaining = [f for f in named if f.context_match]
    if assessed is None:
        if named:
            return (f"{counted(len(named), 'documented resistance alteration')} detected; no "
                    "therapy given, so none is assessed against a treatment.")
        return "No documented resistance alteration detected; no therapy given" + \
            _low_tf_note(context, thresholds) + "."
    if not explaining:
        detected = f" ({len(named)} documented for other therapies)" if named else ""
        low = _low_tf_note(context, thresholds)
        if low:
            return (f"Resistance to {assessed}: not detected — inconclusive at low tumour "
                    f"fraction ({low.removeprefix(', ')}){detected}; a negative plasma result "
                    "does not exclude resistance.")
        return (f"No alteration documented to cause resistance to {assessed} was detected"
                f"{detected}; ctDNA cannot rule out mechanisms it cannot see.")
    parts = [_described(f) for f in explaining[:3]]
    more = f" and {len(explaining) - 3} more" if len(explaining) > 3 else ""
    return (f"Progression on {assessed} is most likely explained by {join_words(parts)}{more}."
            f" {_best_option(explaining[0])}")


def _best_option(leading: Finding) -> str:
    """The strongest applicable option for the leading finding, or why none applies."""
    label = leading.label
    options = leading.rescue_options
    applying = [o for o in options if o.applicability is Applicability.APPLIES]
    if applying:
        best = applying[0]
        level = f"; AMP/ASCO/CAP level {best.amp_level}" if best.amp_level else ""
        return (f"For {label}, the strongest documented option that applies here is "
                f"{best.regimen} ({EVIDENCE_WORDS.get(best.evidence_level, '')}{level}).")
    if not options:
        return f"No rescue option is documented for {label} in the sources."
    undecided = [o for o in options if o.applicability is Applicability.UNDETERMINED]
    if undecided:
        return (f"For {label}, no documented option is known to apply: "
                f"{undecided[0].regimen} is undetermined because {_first_reason(undecided[0])}.")
    return (f"For {label}, none of the {len(options)} documented options applies: "
            f"{options[0].regimen} does not because {_first_reason(options[0])}.")


def _first_reason(option) -> str:
    """The first reason that decides, up to its first clause, in lower case."""
    detail = next((r.detail for r in option.reasons
                   if r.kind not in ("condition_met", "continues")), "")
    return _lower(detail.split("; ")[0])


def _caveats(context: Context) -> list[str]:
    out = []
    if context.driver_given and not context.driver_detected and context.driver is not None:
        tf = context.tumor_fraction
        level = f"at tumour fraction {percent(tf)}" if tf is not None else \
            "with the tumour fraction unknown"
        out.append(f"The driver given, {context.driver.label}, is not detected in this plasma "
                   f"({level}): the tumour DNA may be too little to show it, or the tumour may "
                   "carry a different driver; findings are read against the driver given.")
    if not context.tumor_type_in_kb:
        out.append(f"The sources document NSCLC; for {context.tumor_type} the matches are "
                   "documented in NSCLC only.")
    return out


def _low_tf_note(context: Context, thresholds: dict[str, float]) -> str:
    """', tumour fraction ...' when it is unknown or below `low_tumor_fraction`, else ''."""
    tf = context.tumor_fraction
    if tf is None:
        method = context.tumor_fraction_method or "unknown"
        return f", tumour fraction {method}"
    if tf < thresholds["low_tumor_fraction"]:
        return f", tumour fraction {percent(tf)} below {percent(thresholds['low_tumor_fraction'])}"
    return ""


def _described(f: Finding) -> str:
    words = [CATEGORY_WORDS[f.category]]
    if f.phase and f.phase.settled:
        words.append(f"in {f.phase.call} with {f.phase.with_}")
    elif f.phase:
        words.append(f"phase with {f.phase.with_} undetermined")
    words += [w for flag, w in SUMMARY_WORDS.items() if flag in f.flags]
    return f"{f.label} ({', '.join(words)})"


def _lower(text: str) -> str:
    text = text.rstrip(".")
    return text[:1].lower() + text[1:] if text[:2] != text[:2].upper() else text
