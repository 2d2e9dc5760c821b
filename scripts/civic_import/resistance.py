"""Resistance items -> rows with the columns of resistance.tsv (plus the CIViC columns).

Category by the rules of the curated rows: on_target when the gene is what the drug acts on
(and, when the profile names a driver, that driver's gene); otherwise bypass for another
receptor and downstream for the signalling cascade below it (RAS/RAF/MEK/ERK, PI3K/AKT/mTOR,
cell cycle). Genes in neither list need a `category` row in the mapping table.
"""
from .alterations import covers, overlaps
from .analysis import Skip, note_missing_drugs, primary_alteration, treated_driver
from .evidence import citation, civic_columns, evidence_level, statement, studies
from .knowledge import CLASS_DRIVERS, CLASS_TARGETS, CuratedRow, parse_requires

RECEPTORS = {'EGFR', 'ERBB2', 'ERBB3', 'ERBB4', 'MET', 'ALK', 'ROS1', 'RET', 'NTRK1', 'NTRK2',
             'NTRK3', 'FGFR1', 'FGFR2', 'FGFR3', 'FGFR4', 'KIT', 'PDGFRA', 'PDGFRB', 'IGF1R',
             'AXL', 'DDR2', 'FLT3', 'KDR', 'NRG1'}
CASCADE = {'KRAS', 'NRAS', 'HRAS', 'BRAF', 'RAF1', 'ARAF', 'MAP2K1', 'MAP2K2', 'MAPK1', 'MAPK3',
           'NF1', 'PIK3CA', 'PIK3CB', 'PIK3R1', 'PIK3R2', 'PTEN', 'AKT1', 'AKT2', 'AKT3', 'MTOR',
           'TSC1', 'TSC2', 'RICTOR', 'CDKN2A', 'CDKN2B', 'CDK4', 'CDK6', 'CCND1', 'RB1', 'TP53'}
# driver_context of an on-target change in these genes (the driver the drug treats there)
GENE_DRIVER = {'ALK': 'ALK fusion', 'ROS1': 'ROS1 fusion', 'RET': 'RET fusion',
               'NTRK1': 'NTRK1 fusion', 'NTRK2': 'NTRK2 fusion', 'NTRK3': 'NTRK3 fusion',
               'EGFR': 'EGFR', 'MET': 'MET', 'BRAF': 'BRAF', 'ERBB2': 'ERBB2'}
# `with:` pattern standing for a driver context (broad patterns, as the curated rows do)
WITH_DRIVER = {'EGFR': 'mutation', 'BRAF': 'V600E', 'ERBB2': 'mutation,amplification',
               'MET': 'exon 14 skipping,amplification'}
COLUMNS = ['id', 'gene', 'alteration', 'partner', 'category', 'driver_context', 'resists',
           'requires', 'evidence_level', 'evidence', 'frequency', 'sources', 'studies', 'notes',
           'civic_level', 'civic_rating', 'civic_disease', 'civic_lung', 'civic_profile',
           'civic_therapies']


def spec_targets(spec, kb):
    if spec in kb.drugs:
        return kb.targets(spec)
    return set(CLASS_TARGETS.get(spec.partition(':')[0], ()))


def spec_drivers(spec, kb):
    if spec in kb.drugs:
        return kb.drives(spec)
    return list(CLASS_DRIVERS.get(spec.partition(':')[0], ()))


def _resisted(view, kb, notes):
    """The targeted drugs (or classes) the row resists; notes what else CIViC names."""
    note_missing_drugs(view, notes)
    targeted = [d for d in view.drugs if spec_targets(d, kb)]
    others = [d for d in view.drugs if d not in targeted]
    if not targeted:
        raise Skip('no mechanism category: the therapy (' + ', '.join(view.item.therapies) +
                   ') acts on no gene in drugs.tsv (chemotherapy, immunotherapy or other)')
    if others:
        notes.append(f'Given with {", ".join(others)}; resists names the targeted drug(s) only.')
    if view.item.interaction == 'Combination' and len(targeted) > 1:
        notes.append('CIViC documents resistance to the combination ' + ' + '.join(targeted) +
                     '; resists lists each of its drugs.')
    if view.item.interaction == 'Sequential':
        notes.append('CIViC lists the therapies as sequential: ' + ', '.join(view.item.therapies)
                     + ' (CIViC order).')
    return targeted


def _driver_context(view, subject, drugs, kb, mapping, notes):
    override = mapping.get('driver_context', str(view.item.eid))
    if override:
        notes.append('Driver context from the statement: ' +
                     mapping.reason('driver_context', str(view.item.eid)) + '.')
        return override.split(';')
    if view.drivers:
        out = []
        for alt in view.drivers:
            for pattern in alt.patterns:
                out.append(f'{alt.gene} {pattern}')
        return out
    if any(subject.gene in spec_targets(d, kb) for d in drugs):
        if treated_driver(subject, drugs, kb) or subject.is_fusion:
            return []
        return [GENE_DRIVER[subject.gene]] if subject.gene in GENE_DRIVER else []
    out = []
    for drug in drugs:
        out.extend(d for d in spec_drivers(drug, kb) if d not in out)
    if out:
        notes.append('Driver context: the driver the drug treats (the profile names none).')
    return out


def _category(subject, drugs, context, kb, mapping):
    context_genes = {c.split(' ')[0] for c in context}
    on_target = [d for d in drugs if subject.gene in spec_targets(d, kb)
                 and (not context_genes or subject.gene in context_genes)]
    if on_target:
        return 'on_target'
    if subject.gene in RECEPTORS:
        return 'bypass'
    if subject.gene in CASCADE:
        return 'downstream'
    mapped = mapping.get('category', subject.gene)
    if not mapped:
        raise SystemExit(f'no category for gene {subject.gene}: add it to civic_mapping.tsv')
    return mapped


def _requires(subject, others, category, context, kb, notes):
    terms = [f'with:{a.gene} {a.pattern}' for a in others]
    if others:
        notes.append('Compound profile: applies when found with ' +
                     ', '.join(a.label for a in others) + '.')
    if may_be_a_driver(subject, kb) and category != 'on_target' and len(context) == 1:
        gene, _, pattern = context[0].partition(' ')
        terms.append(f'with:{gene} {pattern or WITH_DRIVER.get(gene, "mutation")}')
        what = 'this broad pattern' if subject.broad else f'{subject.label}, itself a driver,'
        notes.append(f'Requires {terms[-1][5:]} detected in the same sample: the gene is itself '
                     f'a driver elsewhere in the knowledge base, and {what} must never read a '
                     "tumour's own driver as resistance.")
    return terms


def may_be_a_driver(subject, kb):
    """The alteration may be a tumour's own sensitising driver: it names a drivers.tsv driver
    (KRAS G12X covers G12C), or is a broad pattern in a gene drivers.tsv lists."""
    if subject.broad and subject.gene in {d.gene for d, _ in kb.drivers}:
        return True
    return any(overlaps(d, subject, kb.exons) for d, _ in kb.drivers if not d.broad)


def resistance_rows(view, kb, mapping, release):
    """-> list of row dicts; raises Skip with the reason when the item is left out."""
    item = view.item
    if item.germline:
        raise Skip(f'germline (CIViC variant origin: {item.origin})')
    if view.problem:
        raise Skip(view.problem)
    notes = []
    drugs = _resisted(view, kb, notes)
    expanded = set().union(*(kb.expand(d) for d in drugs))
    rows = []
    for subject in view.subjects:
        if treated_driver(subject, expanded, kb):
            raise Skip(f'{subject.label} is the sensitising driver these drugs treat '
                       '(drivers.tsv): a resistance row would report the driver itself')
        row_notes = list(notes)
        stated = bool(view.drivers) or mapping.get('driver_context', str(item.eid))
        if not stated and any(not d.broad and covers(d, subject, kb.exons)
                              for d in kb.principal_drivers) and \
                any(subject.gene in spec_targets(d, kb) for d in drugs):
            raise Skip(f'{subject.label} is a principal sensitising driver (drivers.tsv tier 1) '
                       'in the gene the drug acts on, and the item names no other driver: it '
                       'documents that driver not responding to the drug (primary resistance), '
                       'not an alteration acquired under it')
        context = _driver_context(view, subject, drugs, kb, mapping, row_notes)
        if not context and may_be_a_driver(subject, kb):
            raise Skip(f'{subject.label} may be the sensitising driver itself and the item names '
                       'no other driver: it documents the driver not responding to the drug '
                       '(primary resistance), not an alteration acquired under it')
        category = _category(subject, drugs, context, kb, mapping)
        others = [a for a in view.subjects if a is not subject]
        requires = _requires(subject, others, category, context, kb, row_notes)
        if not stated and not subject.is_fusion and primary_alteration(
                subject, kb, mapping, broad_drivers=False):
            row_notes.append(f'{subject.label} is itself a sensitising alteration: the evidence '
                             'may concern primary (intrinsic) resistance.')
        suffix = f'-{subject.pattern.replace(",", ".")}' if len(view.subjects) > 1 else ''
        rows.append(_row(view, subject, suffix, category, context, drugs, requires, row_notes,
                         release))
    return rows


def _row(view, subject, suffix, category, context, drugs, requires, notes, release):
    item = view.item
    if not view.lung:
        notes.append(f'CIViC disease: {item.disease} (not a lung cancer).')
    if item.origin != 'Somatic':
        notes.append(f'CIViC variant origin: {item.origin}.')
    row = {'id': f'CIVIC-EID{item.eid}{suffix}', 'gene': subject.gene,
           'alteration': subject.pattern, 'partner': subject.partner, 'category': category,
           'driver_context': ';'.join(context), 'resists': ';'.join(drugs),
           'requires': ';'.join(requires), 'evidence_level': evidence_level(item),
           'evidence': statement(item), 'frequency': '', 'sources': citation(item, release),
           'studies': studies(item), 'notes': ' '.join(notes)}
    row.update(civic_columns(item, view.lung))
    return row


def as_curated(row, kb, subjects):
    """A derived row in the shape the linking and conflict checks use."""
    drugs = set().union(*(kb.expand(d) for d in row['resists'].split(';')))
    subject = next(a for a in subjects if a.gene == row['gene'] and a.pattern == row['alteration'])
    return CuratedRow(row['id'], subject, row['category'], frozenset(drugs),
                      parse_requires(row['requires']), row['driver_context'], row['sources'],
                      row['evidence_level'], row['civic_lung'])
