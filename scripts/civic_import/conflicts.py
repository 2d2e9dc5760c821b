"""Disagreements, listed with both sides, never one dropped:

- same alteration: the same alteration(s) and drug (or the same combination) documented as
  resistant by one CIViC item or curated row and as sensitive by another. Compared: every
  in-scope CIViC item whose profile could be read (imported or not), the curated resistance
  rows (their explicit alternatives; rows with broad patterns or conditions are not compared)
  and the curated rescue rows that name drugs (not classes). At least one side is CIViC.
- option not linked: an option after a drug (a trial in the driver, not in one alteration)
  that was not linked to a resistance row because the row's alteration is documented as
  resisting the option's drug.
"""
from dataclasses import dataclass

from .alterations import Alt, overlaps
from .rescue import _same_alterations

COLUMNS = ['kind', 'gene', 'alteration', 'drugs', 'resistance_evidence', 'sensitivity_evidence',
           'handling']


@dataclass(frozen=True)
class Claim:
    side: str  # resistance | sensitivity
    alts: tuple
    drugs: frozenset
    label: str
    civic: bool
    handling: str = ''


def _drug_sets(view, kb):
    """Single drugs, or one combination (with the names drugs.tsv lacks kept as written)."""
    expanded = [frozenset(kb.expand(s)) for s in view.drugs]
    if view.item.interaction == 'Combination':
        if any(len(e) != 1 for e in expanded):
            return []
        return [frozenset().union(*expanded) | {m.lower() for m in view.missing}]
    return [frozenset({d}) for e in expanded for d in sorted(e)]


def civic_claims(views, handling, kb):
    claims = []
    for view in views:
        item = view.item
        side = {'Resistance': 'resistance', 'Sensitivity/Response': 'sensitivity'}.get(
            item.significance)
        if not side or item.germline or view.problem or not view.subjects:
            continue
        rating = f', rating {item.rating}' if item.rating else ''
        label = f'CIViC EID{item.eid} (level {item.level}{rating}; {item.disease})'
        for drugs in _drug_sets(view, kb):
            claims.append(Claim(side, tuple(view.subjects), drugs, label, True,
                                handling[item.eid]))
    return claims


def _label(row):
    context = f', driver {row.driver_context}' if row.driver_context else ''
    return f'resistance.tsv {row.id} ({row.category}{context})'


def curated_claims(kb):
    claims = []
    by_id = {r.id: r for r in kb.resistance}
    for row in kb.resistance:
        if row.alt.broad or row.requires:
            continue
        for pattern in row.alt.patterns:
            alt = Alt(row.alt.gene, (pattern,), row.alt.partner)
            for drug in sorted(row.resists):
                claims.append(Claim('resistance', (alt,), frozenset({drug}), _label(row), False))
    for rid, res_ids, drugs, regimen in kb.rescue:
        if not drugs or any(len(kb.expand(d)) != 1 for d in drugs):
            continue
        for res_id in res_ids:
            row = by_id.get(res_id)
            if row is None or row.alt.broad or row.requires:
                continue
            for pattern in row.alt.patterns:
                alt = Alt(row.alt.gene, (pattern,), row.alt.partner)
                claims.append(Claim('sensitivity', (alt,), drugs,
                                    f'rescue.tsv {rid} ({regimen}, for {res_id})', False))
    return claims


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
            key = (' + '.join(a.label for a in r.alts), ' + '.join(sorted(r.drugs)))
            res, sen = pairs.setdefault(key, (set(), set()))
            res.add(r)
            sen.add(s)
    grouped = {}  # the same evidence on both sides for several drugs is one line
    for (alteration, drugs), (res, sen) in pairs.items():
        key = (alteration, frozenset(c.label for c in res), frozenset(c.label for c in sen))
        entry = grouped.setdefault(key, ([], set()))
        entry[0].append(drugs)
        entry[1].update(f'{c.label.split(" (")[0]}: {c.handling}' for c in res | sen if c.civic)
    rows = []
    for (alteration, res, sen), (drugs, handling) in grouped.items():
        rows.append({'kind': 'same alteration', 'gene': alteration.split(' ')[0],
                     'alteration': alteration, 'drugs': '; '.join(sorted(drugs)),
                     'resistance_evidence': '; '.join(sorted(res)),
                     'sensitivity_evidence': '; '.join(sorted(sen)),
                     'handling': '; '.join(sorted(handling))})
    return sorted(rows, key=lambda r: (r['gene'], r['alteration'], r['drugs']))


def _row_label(row):
    if row.id.startswith('CIVIC-'):
        return f'{row.id} ({row.category}, driver {row.driver_context or "any"})'
    return _label(row)


def refused_links(refusals, rescue_rows, kb):
    """One line per alteration and drug: the options not linked and the rows that say why."""
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
        rating = f', rating {ref.item.rating}' if ref.item.rating else ''
        options = ids.get(f'CIViC EID{ref.item.eid}', [f'CIViC EID{ref.item.eid}'])
        for pattern in shared:
            key = (f'{ref.row.alt.gene} {pattern}', '; '.join(ref.drugs))
            entry = grouped.setdefault(key, {'res': set(), 'sens': set(), 'rows': set()})
            entry['res'].add(_row_label(ref.against))
            entry['sens'].add(f'CIViC EID{ref.item.eid} (level {ref.item.level}{rating}; '
                              f'{ref.item.disease}; option after a drug, profile '
                              f'{ref.item.profile})')
            entry['rows'].add(f'{"/".join(options)} not linked to {ref.row.id}')
    rows = []
    for (alteration, drugs), entry in sorted(grouped.items()):
        rows.append({'kind': 'option not linked', 'gene': alteration.split(' ')[0],
                     'alteration': alteration, 'drugs': drugs,
                     'resistance_evidence': '; '.join(sorted(entry['res'])),
                     'sensitivity_evidence': '; '.join(sorted(entry['sens'])),
                     'handling': '; '.join(sorted(entry['rows']))})
    return rows
