"""Sensitivity items -> rescue options attached to resistance rows (curated or derived).

Two ways an item becomes an option after resistance:
- by alteration: the profile's alteration (not a driver, not a primary alteration) is itself
  an acquired-resistance alteration, i.e. an on-target resistance row names it (EGFR T790M,
  ALK G1202R, ROS1 G2032R, NTRK1 G595R, MET D1228V ...), or the mapping table records that
  the statement is about the setting after a drug (kind post_tki). The option is linked to the
  rows about exactly that alteration (a codon-level item covers its changes).
- after a drug: the profile is the driver itself (or a whole gene: 'ALK Mutation') and the
  statement is about the setting after a drug (post_tki): the option is linked to the
  on-target rows of that gene that resist the drug (compound rows excepted), with the
  condition `received:DRUG`.
Rows whose alteration is documented as resisting a drug of the option (other than a drug the
option continues) are not linked: that is a conflict, listed in civic_conflicts.tsv.
"""
from dataclasses import dataclass

from .alterations import covers, overlaps
from .analysis import Skip, note_missing_drugs, primary_alteration
from .evidence import citation, civic_columns, evidence_level, statement

# the columns of rescue.tsv, in its order, then the CIViC ones
COLUMNS = ['id', 'resistance_ids', 'regimen', 'drugs', 'condition', 'condition_text',
           'continues', 'evidence_level', 'evidence', 'response', 'trials', 'trial_names',
           'trial_status', 'sources', 'notes', 'linked_by', 'civic_level', 'civic_rating',
           'civic_disease', 'civic_lung', 'civic_profile', 'civic_therapies']


@dataclass(frozen=True)
class Refusal:
    """A resistance row an option was not linked to, and the row that says why."""

    item: object
    regimen: tuple
    row: object
    against: object
    drugs: tuple
    mode: str
    lung: bool  # the item's disease is a lung cancer


def _regimens(view, notes):
    note_missing_drugs(view, notes)
    if view.item.interaction == 'Combination':
        return [tuple(view.drugs)]
    return [(d,) for d in view.drugs]


def _matches_subjects(row, subjects, kb):
    """The row is about exactly these alterations (the item's may be codon-level)."""
    if len(row.alt.patterns) > 1 or row.alt.broad or len(row.subjects) != len(subjects):
        return False
    return all(any(covers(s, r, kb.exons) for r in row.subjects) for s in subjects)


def _same_alterations(a, b, kb):
    """Two lists of alterations name the same changes, one for one (either may be broader)."""
    return len(a) == len(b) and all(any(overlaps(x, y, kb.exons) for y in b) for x in a)


def _resisting(alts, drugs, rows, kb):
    """Rows about the same alterations (explicitly, no broad pattern) resisting one of `drugs`:
    a compound is only contradicted by evidence on the same compound."""
    return [row for row in rows if not row.alt.broad and row.resists & drugs
            and _same_alterations(list(alts), list(row.subjects), kb)]


def eligible(view, kb, mapping, rows):
    """-> 'alteration' or 'after' (see the module docstring); raises Skip otherwise."""
    post = mapping.get('post_tki', str(view.item.eid))
    specific = all(not s.broad and not primary_alteration(s, kb, mapping)
                   for s in view.subjects)
    if specific and all(s.is_small for s in view.subjects):
        if any(r.category == 'on_target' and _matches_subjects(r, view.subjects, kb)
               for r in rows):
            return 'alteration'
        if not post:
            raise Skip('not an option after resistance: ' +
                       ' + '.join(s.label for s in view.subjects) + ' is not an acquired-'
                       'resistance alteration of the knowledge base (no on-target resistance '
                       'row names it on its own) and the statement is not about the setting '
                       'after a drug')
    if post:
        return 'alteration' if specific else 'after'
    raise Skip('not an option after resistance: sensitivity of a driver or a primary '
               'alteration (no acquired-resistance alteration in the profile) and the statement '
               'is not about the setting after a drug')


def candidate_rows(mode, view, priors, kb, rows):
    if mode == 'alteration':
        found = [r for r in rows if _matches_subjects(r, view.subjects, kb)]
        return [r for r in found if not priors or r.resists & priors]
    genes = {s.gene for s in view.subjects}
    return [r for r in rows if r.category == 'on_target' and r.alt.gene in genes
            and r.resists & priors and not r.requires]  # a trial says nothing of compounds


def attach(view, regimen, mode, prior, kb, rows, notes, refusals):
    """Rows to link the regimen to, after excluding those whose alteration resists it. A drug
    the prior line names and the regimen repeats is continued, not a new option."""
    priors = _expand_prior(prior, kb) if prior else set()
    named = set(prior.replace('+', ';').split(';')) if prior else set()
    continues = {d for d in regimen if d in named and d in kb.drugs}
    effective = set().union(*(kb.expand(d) for d in regimen)) - continues
    linked, refused = [], []
    for row in candidate_rows(mode, view, priors, kb, rows):
        against = [row] if row.resists & effective else []
        against = against or _resisting(row.subjects, effective, rows, kb)
        if against:
            refused.append(f'{row.id} (per {against[0].id})')
            refusals.append(Refusal(view.item, regimen, row, against[0],
                                    tuple(sorted(effective & against[0].resists)), mode,
                                    view.lung))
            continue
        linked.append(row)
    if mode == 'alteration' and len(view.subjects) == 1:
        broader = sorted(r.id for r in rows if len(r.alt.patterns) > 1 and not r.requires
                         and overlaps(r.alt, view.subjects[0], kb.exons))
        if broader:
            notes.append(f'Not linked to the rows that name {view.subjects[0].label} among '
                         f'several alterations ({", ".join(broader)}): the option is specific '
                         'to it.')
    if refused:
        where = ('see civic_conflicts.tsv' if mode == 'alteration' else
                 'a trial of the drug after resistance does not outweigh them')
        notes.append('Not linked to rows whose alteration is documented as resisting '
                     f'{", ".join(sorted(effective))}: {", ".join(refused)} ({where}).')
    return linked, sorted(continues)


def _condition(prior, kb):
    """'crizotinib' -> received:crizotinib, 'after crizotinib'; 'a+b' -> both received."""
    terms, words = [], []
    for part in prior.split('+'):
        terms.append(f'received:{part}')
        if part in kb.drugs:
            words.append(part)
        else:
            words.append(('an ' if part[0] in 'AEIOU' else 'a ') + part)
    return ';'.join(terms), 'after ' + ' and '.join(words)


def _expand_prior(prior, kb):
    return set().union(*(kb.expand(p) | {p} for p in prior.split('+')))


def rescue_rows(view, kb, mapping, rows, release, refusals):
    """-> list of rescue row dicts; raises Skip with the reason when the item is left out."""
    item = view.item
    if item.germline:
        raise Skip(f'germline (CIViC variant origin: {item.origin})')
    if view.problem:
        raise Skip(view.problem)
    mode = eligible(view, kb, mapping, rows)
    notes = []
    regimens = _regimens(view, notes)
    post = mapping.get('post_tki', str(item.eid))
    prior_specs = post.split(';') if post else []
    out = []
    for regimen in regimens:
        for prior in prior_specs or [None]:
            row_notes = list(notes)
            linked, continues = attach(view, regimen, mode, prior, kb, rows, row_notes,
                                       refusals)
            if prior:
                reason = mapping.reason('post_tki', str(item.eid)).rstrip('.')
                row_notes.append(f'After {prior}: {reason}.')
            out.append((regimen, prior, linked, continues, row_notes))
    built = [_row(view, mode, *entry, kb, release, len(out) > 1) for entry in out if entry[2]]
    if not built:
        if any(n.startswith('Not linked') for entry in out for n in entry[4]):
            raise Skip('conflicting evidence: every matching resistance row documents the '
                       'alteration as resisting the option (see civic_conflicts.tsv)')
        raise Skip('no resistance row to link the option to (' + _wanted(view, mode, out) + ')')
    return built


def _wanted(view, mode, out):
    subjects = ', '.join(s.label for s in view.subjects)
    priors = sorted({p for _, p, *_ in out if p})
    if mode == 'after':
        return f'no on-target {subjects.split(" ")[0]} row resisting ' + ' or '.join(priors)
    return f'no row for {subjects}' + (f' resisting {" or ".join(priors)}' if priors else '')


def _row(view, mode, regimen, prior, linked, continues, notes, kb, release, several):
    item = view.item
    suffix = ''
    if several:
        suffix = '-' + '.'.join(d.replace(' ', '_').replace(':', '_') for d in regimen)
        if prior:
            suffix += '-after-' + prior.replace(' ', '_').replace(':', '_').replace(',', '.')
    condition, condition_text = _condition(prior, kb) if prior else ('', '')
    if mode == 'alteration':
        linked_by = 'alteration ' + ' + '.join(s.label for s in view.subjects)
    else:
        linked_by = f'after {prior}: on-target {view.subjects[0].gene} rows resisting it'
    if not view.lung:
        notes = notes + [f'CIViC disease: {item.disease} (not a lung cancer).']
    row = {'id': f'CIVIC-R-EID{item.eid}{suffix}',
           'resistance_ids': ';'.join(sorted(r.id for r in linked)),
           'regimen': ' + '.join(regimen), 'drugs': ';'.join(regimen), 'condition': condition,
           'condition_text': condition_text, 'evidence_level': evidence_level(item),
           'evidence': statement(item), 'response': '', 'trials': ';'.join(item.nct_ids),
           'trial_names': '', 'trial_status': '', 'sources': citation(item, release),
           'notes': ' '.join(notes),
           'continues': ';'.join(continues), 'linked_by': linked_by}
    row.update(civic_columns(item, view.lung))
    return row
