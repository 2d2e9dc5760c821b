"""Disagreements, listed with both sides, never one dropped:

- same_alteration: the same alteration(s) and drug (or the same combination) documented as
  resistant by one CIViC item or curated row and as sensitive by another. Compared: every
  in-scope CIViC item whose profile could be read (imported or not), the curated resistance
  rows (their explicit alternatives; rows with broad patterns or conditions are not compared)
  and the curated rescue rows that name drugs (not classes). At least one side is CIViC.
- option_not_linked: an option after a drug (a trial in the driver, not in one alteration)
  that was not linked to a resistance row because the row's alteration is documented as
  resisting the option's drug.

civic_conflicts.tsv has one line per piece of evidence on one side of one disagreement: the
disagreement (gene, alteration, partner, requires, drugs, kind) repeats on each of its lines,
so the package can load it as a table and show both sides on a finding.
"""
from dataclasses import dataclass

from .alterations import Alt, overlaps
from .evidence import citation, evidence_level
from .rescue import _same_alterations

COLUMNS = ['gene', 'alteration', 'partner', 'requires', 'drugs', 'kind', 'side', 'source',
           'kb_entries', 'sources', 'evidence_level', 'civic_lung', 'context', 'handling']
SIDES = ('resistance', 'sensitivity')


@dataclass(frozen=True)
class Evidence:
    """One piece of evidence on one side, as a line of civic_conflicts.tsv shows it."""

    source: str  # reviews | CIViC
    kb_entries: tuple  # rows of the knowledge base that state it (none: a CIViC item left out)
    sources: str  # typed citations
    evidence_level: str
    civic_lung: str  # CIViC: yes / no (the item's disease is a lung cancer); reviews: empty
    context: str  # driver context of a curated row, the disease of a CIViC item
    handling: str = ''  # what the import did with a CIViC item


@dataclass(frozen=True)
class Claim:
    side: str  # resistance | sensitivity
    alts: tuple
    drugs: frozenset
    evidence: Evidence

    @property
    def civic(self):
        return self.evidence.source == 'CIViC'


def _drug_sets(view, kb):
    """Single drugs, or one combination (with the names drugs.tsv lacks kept as written)."""
    expanded = [frozenset(kb.expand(s)) for s in view.drugs]
    if view.item.interaction == 'Combination':
        if any(len(e) != 1 for e in expanded):
            return []
        return [frozenset().union(*expanded) | {m.lower() for m in view.missing}]
    return [frozenset({d}) for e in expanded for d in sorted(e)]


def civic_claims(views, outcomes, kb, release):
    """`outcomes`: eid -> (status, rows, reason) of the import."""
    claims = []
    for view in views:
        item = view.item
        side = {'Resistance': 'resistance', 'Sensitivity/Response': 'sensitivity'}.get(
            item.significance)
        if not side or item.germline or view.problem or not view.subjects:
            continue
        status, rows, reason = outcomes[item.eid]
        evidence = Evidence('CIViC', tuple(r for r in rows.split(';') if r),
                            citation(item, release), evidence_level(item),
                            'yes' if view.lung else 'no', item.disease,
                            f'imported as {rows}' if status == 'imported' else
                            f'left out: {reason}')
        for drugs in _drug_sets(view, kb):
            claims.append(Claim(side, tuple(view.subjects), drugs, evidence))
    return claims


def _row_evidence(row):
    """A resistance row (curated or derived) as evidence."""
    source = 'CIViC' if row.id.startswith('CIVIC-') else 'reviews'
    context = f'{row.category}, driver {row.driver_context or "any"}'
    return Evidence(source, (row.id,), row.sources, row.evidence_level, row.civic_lung, context)


def curated_claims(kb):
    claims = []
    by_id = {r.id: r for r in kb.resistance}
    for row in kb.resistance:
        if row.alt.broad or row.requires:
            continue
        for pattern in row.alt.patterns:
            alt = Alt(row.alt.gene, (pattern,), row.alt.partner)
            for drug in sorted(row.resists):
                claims.append(Claim('resistance', (alt,), frozenset({drug}),
                                    _row_evidence(row)))
    for option in kb.rescue:
        if not option.drugs or any(len(kb.expand(d)) != 1 for d in option.drugs):
            continue
        for res_id in option.resistance_ids:
            row = by_id.get(res_id)
            if row is None or row.alt.broad or row.requires:
                continue
            evidence = Evidence('reviews', (option.id,), option.sources, option.evidence_level,
                                '', f'{option.regimen}, for {res_id}')
            for pattern in row.alt.patterns:
                alt = Alt(row.alt.gene, (pattern,), row.alt.partner)
                claims.append(Claim('sensitivity', (alt,), option.drugs, evidence))
    return claims


def _therapy(drugs):
    return '+'.join(sorted(drugs))


def find_conflicts(claims, kb):
    resist = [c for c in claims if c.side == 'resistance']
    sens = [c for c in claims if c.side == 'sensitivity']
    pairs = {}
    for r in resist:
        for s in sens:
            if r.drugs != s.drugs or not (r.civic or s.civic):
                continue
            if not _same_alterations(list(r.alts), list(s.alts), kb):
                continue
            key = (r.alts, _therapy(r.drugs))
            res, sen = pairs.setdefault(key, (set(), set()))
            res.add(r.evidence)
            sen.add(s.evidence)
    grouped = {}  # the same evidence on both sides for several drugs is one disagreement
    for (alts, therapy), (res, sen) in pairs.items():
        entry = grouped.setdefault((alts, frozenset(res), frozenset(sen)), [])
        entry.append(therapy)
    rows = []
    for (alts, res, sen), therapies in grouped.items():
        rows += _lines(alts, therapies, 'same_alteration', {'resistance': res,
                                                            'sensitivity': sen})
    return sorted(rows, key=_order)


def _lines(alts, therapies, kind, sides):
    subject, others = alts[0], alts[1:]
    head = {'gene': subject.gene, 'alteration': subject.pattern, 'partner': subject.partner,
            'requires': ';'.join(f'with:{a.gene} {a.pattern}' for a in others),
            'drugs': ';'.join(sorted(therapies)), 'kind': kind}
    return [{**head, 'side': side, 'source': e.source, 'kb_entries': ';'.join(e.kb_entries),
             'sources': e.sources, 'evidence_level': e.evidence_level,
             'civic_lung': e.civic_lung, 'context': e.context, 'handling': e.handling}
            for side in SIDES for e in sides[side]]


def _order(row):
    return (row['gene'], row['alteration'], row['partner'], row['requires'], row['drugs'],
            row['kind'], SIDES.index(row['side']), row['source'] != 'reviews', row['sources'],
            row['kb_entries'], row['context'], row['handling'])


def refused_links(refusals, rescue_rows, kb, release):
    """One disagreement per alteration and drug: the rows that resist it, and the options
    after a drug not linked to them."""
    ids = {}
    for row in rescue_rows:
        ids.setdefault(row['sources'].split(' (')[0], []).append(row['id'])
    grouped = {}
    for ref in refusals:
        if ref.mode != 'after':
            continue  # alteration-level disagreements are found by find_conflicts
        shared = [p for p in ref.row.alt.patterns
                  if any(overlaps(Alt(ref.row.alt.gene, (p,)), a, kb.exons)
                         for a in ref.against.subjects)]
        item = ref.item
        options = ids.get(f'CIViC EID{item.eid}', [])
        handling = (f'{"/".join(options) or f"CIViC EID{item.eid}"} not linked to '
                    f'{ref.row.id}')
        for pattern in shared:
            key = (Alt(ref.row.alt.gene, (pattern,), ref.row.alt.partner), _therapy(ref.drugs))
            entry = grouped.setdefault(key, {'resistance': set(), 'sensitivity': {}})
            entry['resistance'].add(_row_evidence(ref.against))
            known = entry['sensitivity'].get(item.eid)
            handlings = sorted({handling} | (set(known.handling.split('; ')) if known else set()))
            entry['sensitivity'][item.eid] = Evidence(
                'CIViC', tuple(options), citation(item, release), evidence_level(item),
                'yes' if ref.lung else 'no',
                f'{item.disease}; option after a drug (profile {item.profile})',
                '; '.join(handlings))
    rows = []
    for (alt, therapy), entry in grouped.items():
        rows += _lines((alt,), [therapy], 'option_not_linked',
                       {'resistance': entry['resistance'],
                        'sensitivity': set(entry['sensitivity'].values())})
    return sorted(rows, key=_order)


def count(rows):
    """The number of disagreements (each has several lines)."""
    return len({tuple(row[c] for c in COLUMNS[:6]) for row in rows})
