"""Readable summaries of the knowledge base for `kb list` and `kb show`, each row with its
source: the curated reviews, or CIViC (the evidence item, its level, rating and disease)."""

from __future__ import annotations

import textwrap
from itertools import groupby

from .errors import UsageError
from .kb.knowledge_base import KnowledgeBase
from .kb.tables import split_list
from .model import KbSource


def _resists(kb: KnowledgeBase, entry) -> str:
    return "; ".join(str(s) for s in entry.resists)


def counts(rows) -> str:
    """`133 from the reviews, 169 from CIViC`."""
    return ", ".join(f"{sum(1 for r in rows if r.origin is source)} from "
                     f"{'the reviews' if source is KbSource.REVIEWS else source.value}"
                     for source in KbSource)


def _source(entry) -> str:
    """`reviews`, or `CIViC EID1234 (level B, rating 4; Lung Adenocarcinoma)`."""
    civic = entry.civic
    if civic is None:
        return KbSource.REVIEWS.value
    rating = f", rating {civic.rating}" if civic.rating else ""
    return f"{entry.sources[0]!s}".split(" (")[0] + \
        f" (level {civic.level}{rating}; {civic.disease})"


def list_entries(kb: KnowledgeBase) -> str:
    lines = [f"ctdna-resist knowledge base {kb.version}: {len(kb.resistance)} resistance "
             f"entries ({counts(kb.resistance)}), {len(kb.rescue)} rescue options "
             f"({counts(kb.rescue)})"]
    entries = sorted(kb.resistance, key=lambda e: (e.gene, e.origin is not KbSource.REVIEWS,
                                                    e.id))
    for gene, group in groupby(entries, key=lambda e: e.gene):
        lines.append(f"\n{gene}")
        for e in group:
            alteration = e.pattern.text + (f" ({e.partner})" if e.partner else "")
            needs = f" [{'; '.join(str(c) for c in e.requires)}]" if e.requires else ""
            lines.append(f"  {alteration:<28} {e.category.value:<10} {e.origin.value:<7} "
                         f"resists {_resists(kb, e)}{needs}  ({e.id})")
    return "\n".join(lines)


def show_gene(kb: KnowledgeBase, name: str) -> str:
    gene = kb.genes.resolve(name)
    if gene is None:
        raise UsageError(f"gene '{name}' is not in the knowledge base")
    row = kb.gene_rows.get(gene, {})
    lines = [f"{gene} — {row.get('name', '')} ({row.get('hgnc_id', '')})"]
    aliases = ", ".join(split_list(row.get("aliases", "")) +
                        split_list(row.get("previous_symbols", "")))
    if aliases:
        lines.append(f"aliases: {aliases}")
    entries = kb.resistance_for(gene)
    if not entries:
        lines.append("\nNo resistance entries name this gene.")
    for e in entries:
        lines.append("")
        lines.append(f"{e.id}: {gene} {e.pattern.text}"
                     f"{' with ' + e.partner if e.partner else ''} — {e.category.value}")
        lines.append(f"  source: {_source(e)}")
        context = ", ".join(str(c) for c in e.driver_context) or "any driver"
        lines.append(f"  resists {_resists(kb, e)} ({', '.join(kb.expand(e.resists))}); "
                     f"driver context: {context}")
        if e.requires:
            lines.append(f"  requires: {'; '.join(str(c) for c in e.requires)}")
        lines.append(f"  evidence ({e.evidence_level.value}):")
        lines.extend(_wrap(e.evidence))
        if e.frequency:
            lines.append(f"  frequency: {e.frequency}")
        lines.append(f"  sources: {'; '.join(str(s) for s in e.sources)}")
        for r in kb.rescue_for(e.id):
            trials = ", ".join((*r.trial_names, *r.trials))
            cond = f" — {r.condition_text}" if r.condition_text else ""
            lines.append(f"  -> {r.regimen} ({r.evidence_level.value}){cond}"
                         f"{' [' + trials + ']' if trials else ''}; source: {_source(r)}")
    return "\n".join(lines)


def _wrap(text: str) -> list[str]:
    return textwrap.wrap(text, width=96, initial_indent="    ", subsequent_indent="    ")
