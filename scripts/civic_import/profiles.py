"""CIViC molecular profiles -> knowledge-base alterations.

A profile is terms joined by AND / OR, with '( ... )' groups (`BRAF Amplification AND ( BRAF
V600E OR BRAF V600K )`); a term is 'GENE variant' in CIViC's spelling. Common spellings are
read here; the rest must be in the mapping table (kind `term`), so nothing is guessed.
"""
import re
from dataclasses import dataclass

from .alterations import Alt

_SPLIT = re.compile(r'(\( | \)| AND | OR )')
_EXACT = re.compile(r'^([A-Z])(\d+)([A-Z*])$')
_CODON = re.compile(r'^([A-Z])(\d+)$')
_INDEL = re.compile(r'^([A-Z]\d+(?:_[A-Z]\d+)?)(DELINS|DEL|DUP|INS)([A-Z]*)$', re.I)
_FUSION = re.compile(r'^([A-Z0-9-]+)::([A-Z0-9-]+)(?: e\d+-e\d+)?$')
_EXON = re.compile(r'^Exon (\d+) (Deletion|Insertion|Skipping Mutation)$')
_NOT_DNA = [
    (re.compile(r'(?i)phosphorylation'), 'protein phosphorylation, not visible in plasma DNA'),
    (re.compile(r'(?i)nuclear|cytoplasmic|mislocali[sz]ation|translocation$'),
     'protein localisation, not visible in plasma DNA'),
    (re.compile(r'(?i)expression'), 'expression, not visible in plasma DNA'),
    (re.compile(r'(?i)^wild-?type$'),
     'wild-type status (the absence of an alteration), not an alteration to report'),
]
CLASS_WORDS = {'Amplification': 'amplification', 'Deletion': 'deletion', 'Fusion': 'fusion',
               'Rearrangement': 'fusion', 'Mutation': 'mutation'}


class Unmapped(Exception):
    """A term the import cannot read and the mapping table does not list."""


@dataclass(frozen=True)
class Term:
    text: str
    alts: tuple = ()  # knowledge-base alterations the term stands for
    not_detectable: str = ''  # why the term cannot be seen in plasma DNA
    no_pattern: str = ''  # why the knowledge base has no pattern for it

    @property
    def usable(self):
        return bool(self.alts)

    @property
    def reason(self):
        return self.not_detectable or self.no_pattern


def parse_profile(text):
    """'A AND ( B OR C )' -> [['A'], ['B', 'C']]: all groups must hold, one term of each."""
    tokens = [t for t in _SPLIT.split(text) if t.strip()]
    groups, current, depth, top_ops = [], [], 0, set()
    for token in tokens:
        if token == '( ':
            depth += 1
        elif token == ' )':
            depth -= 1
            groups.append(current)
            current = []
        elif token in (' AND ', ' OR '):
            if depth == 0:
                top_ops.add(token.strip())
                if token == ' AND ' and current:
                    groups.append(current)
                    current = []
        else:
            current.append(token.strip())
    if current:
        groups.append(current)
    if depth or len(top_ops) > 1:
        raise Unmapped(f'profile {text!r}: grouping not understood')
    return groups


def _variant_alts(gene, variant):
    if variant in CLASS_WORDS:
        return (Alt(gene, (CLASS_WORDS[variant],)),)
    if _EXACT.match(variant):
        return (Alt(gene, (variant,)),)
    m = _CODON.match(variant)
    if m:
        return (Alt(gene, (variant + 'X',)),)
    m = _INDEL.match(variant)
    if m:
        kind, residues = m.group(2).lower(), m.group(3).upper()
        if kind in ('del', 'dup'):
            residues = ''
        if kind in ('ins', 'delins') and not residues or kind == 'ins' and '_' not in m.group(1):
            return None
        return (Alt(gene, (m.group(1).upper() + kind + residues,)),)
    m = _FUSION.match(variant)
    if m and gene in (m.group(1), m.group(2)):
        partner = m.group(2) if m.group(1) == gene else m.group(1)
        return (Alt(gene, ('fusion',), partner),)
    m = _EXON.match(variant)
    if m:
        word = {'Deletion': 'deletion', 'Insertion': 'insertion'}.get(m.group(2), 'skipping')
        return (Alt(gene, (f'exon {m.group(1)} {word}',)),)
    return None


def _mapped_alts(gene, maps_to):
    alts = []
    for item in (x.strip() for x in maps_to.split(';') if x.strip()):
        if item.startswith('fusion:'):
            alts.append(Alt(gene, ('fusion',), item.split(':', 1)[1]))
        else:
            alts.append(Alt(gene, tuple(p.strip() for p in item.split(','))))
    return tuple(alts)


def read_term(text, mapping):
    """A CIViC term -> Term; raises Unmapped when neither the rules nor the table read it."""
    gene, _, variant = text.partition(' ')
    mapped = mapping.get('term', text)
    if mapped == 'not_detectable':
        return Term(text, not_detectable=mapping.reason('term', text))
    if mapped == 'no_pattern':
        return Term(text, no_pattern=mapping.reason('term', text))
    if mapped:
        return Term(text, alts=_mapped_alts(gene, mapped))
    for rx, why in _NOT_DNA:
        if rx.search(variant):
            return Term(text, not_detectable=why)
    alts = _variant_alts(gene, variant)
    if alts is None:
        raise Unmapped(f'term {text!r}')
    return Term(text, alts=alts)


def read_profile(text, mapping):
    """Profile -> list of groups of Terms (each group: one of its terms must hold)."""
    return [[read_term(t, mapping) for t in group] for group in parse_profile(text)]
