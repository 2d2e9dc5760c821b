"""How a CIViC item is cited and how its level maps to the knowledge base's vocabulary."""
import re

# CIViC evidence level -> evidence_level of the knowledge base (annotations/README.md).
LEVELS = {'A': 'clinical', 'B': 'clinical', 'C': 'case_report', 'D': 'preclinical',
          'E': 'preclinical'}
_APPROVAL = re.compile(r'\b(approv\w*|FDA|EMA)\b')
_SENTENCE_END = re.compile(r'(?<=[.!?])\s+(?=[A-Z(])')
STATEMENT_LIMIT = 900


def evidence_level(item):
    """A -> approved only when the statement is about a regulatory approval."""
    if item.level == 'A' and _APPROVAL.search(item.statement):
        return 'approved'
    return LEVELS[item.level]


def citation(item, release):
    if item.source_type == 'PubMed':
        source = f'PMID {item.citation_id}'
    else:
        source = f'{item.source_type} abstract {item.asco_id or item.citation_id}'
    parts = [source, f'level {item.level}', f'rating {item.rating or "none"}',
             f'CIViC {release}']
    return f'CIViC EID{item.eid} ({"; ".join(parts)})'


def studies(item):
    return ';'.join([item.citation] + list(item.nct_ids))


def statement(item):
    """The statement as CIViC words it; a long one is cut after the last whole sentence that
    fits, marked with ' […]'."""
    text = item.statement
    if len(text) <= STATEMENT_LIMIT:
        return text
    kept = ''
    for sentence in _SENTENCE_END.split(text):
        candidate = f'{kept} {sentence}'.strip()
        if len(candidate) > STATEMENT_LIMIT:
            break
        kept = candidate
    return (kept or text[:STATEMENT_LIMIT].rsplit(' ', 1)[0]) + ' […]'


def civic_columns(item, lung):
    """`lung`: the disease is a lung cancer (the mapping table's `disease` rows)."""
    therapies = ', '.join(item.therapies)
    if item.interaction:
        therapies += f' ({item.interaction})'
    return {'civic_level': item.level, 'civic_rating': item.rating,
            'civic_disease': f'{item.disease} (DOID:{item.doid})' if item.doid else item.disease,
            'civic_lung': 'yes' if lung else 'no', 'civic_profile': item.profile,
            'civic_therapies': therapies}
