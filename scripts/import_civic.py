#!/usr/bin/env python3
"""Derive knowledge-base rows from a CIViC release (evidence items, CC0).

    python scripts/import_civic.py --civic /path/to/civic --out annotations/

In scope: Predictive evidence that Supports its claim, in a lung cancer (mapping kind
`disease`) or for a drug used in NSCLC (kind `nsclc_drug`). Resistance items become rows of
civic_resistance.tsv, sensitivity items for acquired-resistance alterations or after a drug
become options in civic_rescue.tsv; every other in-scope item is listed with its reason in
civic_coverage.tsv, and the script checks that imported + left out = in scope. Also written:
civic_conflicts.tsv, civic_drugs_needed.tsv, civic_genes_needed.tsv. The reviewed mapping
table civic_mapping.tsv and the curated tables are read from --out. Standard library only;
the same inputs give byte-identical outputs. See annotations/README.md, "CIViC import".
"""
import argparse
import os
import re
import sys
from collections import Counter, defaultdict

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from civic_import import conflicts, rescue, resistance  # noqa: E402
from civic_import.analysis import in_scope, read_item  # noqa: E402
from civic_import.knowledge import load_knowledge  # noqa: E402
from civic_import.mapping import load_mapping  # noqa: E402
from civic_import.tables import load_items, release_files, write_tsv  # noqa: E402

JOINED_THERAPIES = {'HER2 Inhibitor CP-724,714', '2,4-pyrimidinediamine'}
COVERAGE_COLUMNS = ['eid', 'significance', 'civic_level', 'molecular_profile', 'disease',
                    'therapies', 'status', 'rows', 'reason']
DRUGS_NEEDED_COLUMNS = ['civic_therapy', 'ncit_id', 'items', 'items_left_out_for_it', 'eids',
                        'note']
GENES_NEEDED_COLUMNS = ['gene', 'rows']
# statements that may be about the setting after a drug (for --post-tki-candidates)
AFTER_A_DRUG = re.compile(r'(?i)(progress\w* (on|after|under)|after progression|resistan\w* to|'
                          r'refractory|pre-?treated|previously treated|prior \w+ treatment)')


def derive(items, kb, mapping, release):
    """-> (resistance rows, rescue rows, outcomes {eid: (status, rows, reason)}, views,
    refused links)."""
    views = [read_item(item, kb, mapping) for item in items]
    res_rows, outcomes, derived = [], {}, []
    for view in views:
        if view.item.significance not in ('Resistance', 'Reduced Sensitivity'):
            continue
        try:
            rows = resistance.resistance_rows(view, kb, mapping, release)
        except resistance.Skip as why:
            outcomes[view.item.eid] = ('left_out', '', str(why))
            continue
        res_rows.extend(rows)
        derived.extend(resistance.as_curated(r, kb, view.subjects) for r in rows)
        outcomes[view.item.eid] = ('imported', ';'.join(r['id'] for r in rows), '')
    all_rows = kb.resistance + derived
    rescue_out, refusals = [], []
    for view in views:
        if view.item.eid in outcomes:
            continue
        if view.item.significance != 'Sensitivity/Response':
            outcomes[view.item.eid] = ('left_out', '', f'significance {view.item.significance} '
                                       'is neither resistance nor sensitivity')
            continue
        try:
            rows = rescue.rescue_rows(view, kb, mapping, all_rows, release, refusals)
        except rescue.Skip as why:
            outcomes[view.item.eid] = ('left_out', '', str(why))
            continue
        rescue_out.extend(rows)
        outcomes[view.item.eid] = ('imported', ';'.join(r['id'] for r in rows), '')
    return res_rows, rescue_out, outcomes, views, refusals


def coverage_rows(views, outcomes):
    rows = []
    for view in views:
        item = view.item
        status, ids, reason = outcomes[item.eid]
        therapies = ', '.join(item.therapies) + (f' ({item.interaction})'
                                                 if item.interaction else '')
        rows.append({'eid': f'EID{item.eid}', 'significance': item.significance,
                     'civic_level': item.level, 'molecular_profile': item.profile,
                     'disease': item.disease, 'therapies': therapies, 'status': status,
                     'rows': ids, 'reason': reason})
    return rows


def drugs_needed(views, outcomes, mapping):
    eids, left_out = defaultdict(list), Counter()
    for view in views:
        for name in view.missing:
            eids[name].append(view.item.eid)
            if name in outcomes[view.item.eid][2]:
                left_out[name] += 1
        for name, drug in view.therapies:
            if drug == 'none' or name in view.lacking:
                eids[name].append(view.item.eid)
    rows = []
    for name in sorted(eids, key=str.lower):
        note = mapping.reason('therapy', name) if mapping.get('therapy', name) else ''
        rows.append({'civic_therapy': name, 'ncit_id': '', 'items': len(eids[name]),
                     'items_left_out_for_it': left_out[name],
                     'eids': ';'.join(f'EID{e}' for e in sorted(eids[name])), 'note': note})
    return rows


def genes_needed(res_rows, rescue_rows, kb):
    used = defaultdict(set)
    for row in res_rows:
        genes = [row['gene'], row['partner']] + [c.split(' ')[0] for c in
                                                 row['driver_context'].split(';')]
        genes += [t.split(':', 1)[1].split(' ')[0] for t in row['requires'].split(';') if t]
        for gene in genes:
            if gene and gene not in kb.genes:
                used[gene].add(row['id'])
    return [{'gene': g, 'rows': ';'.join(sorted(ids))} for g, ids in sorted(used.items())]


def post_tki_candidates(views, outcomes, mapping):
    """Left-out sensitivity items whose statement may be about the setting after a drug and
    that have no post_tki row yet: for the curator to read and decide."""
    for view in views:
        status, _, reason = outcomes[view.item.eid]
        if status != 'left_out' or not reason.startswith('not an option after resistance'):
            continue
        if mapping.get('post_tki', str(view.item.eid)):
            continue
        m = AFTER_A_DRUG.search(view.item.statement)
        if m:
            print(f'EID{view.item.eid}\t{view.item.profile}\t{", ".join(view.item.therapies)}'
                  f'\t...{view.item.statement[max(0, m.start() - 60):m.end() + 60]}...')


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    parser.add_argument('--civic', required=True, help='folder of the CIViC release files')
    parser.add_argument('--out', required=True, help="the knowledge base's annotations/ folder")
    parser.add_argument('--post-tki-candidates', action='store_true',
                        help='also print left-out sensitivity items whose statement may be about '
                        'the setting after a drug (to review for post_tki rows)')
    args = parser.parse_args(argv)
    release, evidence_path = release_files(args.civic)
    kb = load_knowledge(args.out)
    mapping = load_mapping(os.path.join(args.out, 'civic_mapping.tsv'))
    items = [i for i in load_items(evidence_path, JOINED_THERAPIES) if in_scope(i, mapping)]
    res_rows, rescue_rows, outcomes, views, refusals = derive(items, kb, mapping, release)
    assert set(outcomes) == {i.eid for i in items}, 'every in-scope item imported or left out'
    claims = conflicts.civic_claims(views, outcomes, kb, release)
    conflict_rows = conflicts.find_conflicts(claims + conflicts.curated_claims(kb), kb)
    conflict_rows += conflicts.refused_links(refusals, rescue_rows, kb, release)
    out = args.out
    write_tsv(os.path.join(out, 'civic_resistance.tsv'), resistance.COLUMNS,
              sorted(res_rows, key=lambda r: r['id']))
    write_tsv(os.path.join(out, 'civic_rescue.tsv'), rescue.COLUMNS,
              sorted(rescue_rows, key=lambda r: r['id']))
    write_tsv(os.path.join(out, 'civic_coverage.tsv'), COVERAGE_COLUMNS,
              coverage_rows(views, outcomes))
    write_tsv(os.path.join(out, 'civic_conflicts.tsv'), conflicts.COLUMNS, conflict_rows)
    write_tsv(os.path.join(out, 'civic_drugs_needed.tsv'), DRUGS_NEEDED_COLUMNS,
              drugs_needed(views, outcomes, mapping))
    write_tsv(os.path.join(out, 'civic_genes_needed.tsv'), GENES_NEEDED_COLUMNS,
              genes_needed(res_rows, rescue_rows, kb))
    if args.post_tki_candidates:
        post_tki_candidates(views, outcomes, mapping)
    imported = sum(1 for o in outcomes.values() if o[0] == 'imported')
    print(f'CIViC {release}: {len(items)} items in scope, {imported} imported '
          f'({len(res_rows)} resistance rows, {len(rescue_rows)} rescue rows), '
          f'{len(items) - imported} left out, {conflicts.count(conflict_rows)} conflicts',
          file=sys.stderr)
    for kind, value in mapping.unused():
        if kind in ('disease', 'nsclc_drug'):  # policy lists: may name what this release lacks
            continue
        print(f'civic_mapping.tsv: {kind} {value!r} is not used by any in-scope item',
              file=sys.stderr)
    return 0


if __name__ == '__main__':
    sys.exit(main())
