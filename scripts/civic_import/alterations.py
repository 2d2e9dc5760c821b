"""Alterations as the knowledge base writes them, and which pattern covers which.

An `Alt` is one gene with one or more alternative patterns (`T790M`, `G12X,G13X`, `fusion`,
`amplification`, `exon 19 deletion`, `mutation`) and, for a fusion, a partner. Coverage is
what the matcher would do: `G719X` covers `G719S`, an exon class covers the in-frame change
inside that exon (codon ranges from annotations/exons.tsv), equal patterns cover each other.
"""
import re
from dataclasses import dataclass

EXACT = re.compile(r'^([A-Z*])(\d+)([A-Z*])$')
CODON = re.compile(r'^([A-Z])(\d+)X$')
INDEL = re.compile(r'^([A-Z])(\d+)(?:_([A-Z])(\d+))?(del|dup|ins|delins)([A-Z]*)$')
EXON_CLASS = re.compile(r'^exon (\d+) (deletion|insertion|skipping)$')
CLASSES = ('amplification', 'deletion', 'fusion', 'mutation', 'kinase domain duplication')


@dataclass(frozen=True)
class Alt:
    gene: str
    patterns: tuple
    partner: str = ''

    @property
    def pattern(self):
        return ','.join(self.patterns)

    @property
    def label(self):
        text = f'{self.gene} {self.pattern}'
        return f'{text} ({self.partner})' if self.partner else text

    @property
    def is_fusion(self):
        return self.patterns == ('fusion',)

    @property
    def is_small(self):
        """Protein changes or codons only (no class word, no 'mutation')."""
        return all(EXACT.match(p) or CODON.match(p) or INDEL.match(p) for p in self.patterns)

    @property
    def broad(self):
        return any(p.startswith('mutation') for p in self.patterns)


def codon_span(pattern):
    """(first, last) codon a protein-change pattern touches, or None."""
    for rx in (EXACT, CODON):
        m = rx.match(pattern)
        if m:
            return int(m.group(2)), int(m.group(2))
    m = INDEL.match(pattern)
    if m:
        return int(m.group(2)), int(m.group(4) or m.group(2))
    return None


def exon_class_of(gene, pattern, exons):
    """'exon 19 deletion' for an in-frame deletion inside EGFR exon 19, 'exon 20 insertion'
    for an insertion or duplication inside exon 20 (a delins counts by its net length)."""
    m = INDEL.match(pattern)
    if not m:
        return None
    first, last = codon_span(pattern)
    kind, inserted = m.group(5), m.group(6)
    if kind == 'delins':
        kind = 'ins' if len(inserted) > last - first + 1 else 'del'
    word = 'deletion' if kind == 'del' else 'insertion'
    for exon, (lo, hi) in sorted(exons.get(gene, {}).items()):
        if lo <= first and last <= hi:
            return f'exon {exon} {word}'
    return None


def pattern_covers(a, b, gene, exons):
    """Does the single pattern `a` match everything the single pattern `b` matches?"""
    if a == b:
        return True
    m = CODON.match(a)
    if m:
        e = EXACT.match(b)
        return bool(e and e.group(1) == m.group(1) and e.group(2) == m.group(2))
    if EXON_CLASS.match(a):
        return exon_class_of(gene, b, exons) == a
    return False


def covers(a, b, exons):
    """Alt `a` covers alt `b`: same gene, every alternative of `b` covered, partner compatible."""
    if a.gene != b.gene or (a.partner and a.partner != b.partner):
        return False
    return all(any(pattern_covers(pa, pb, a.gene, exons) for pa in a.patterns)
               for pb in b.patterns)


def overlaps(a, b, exons):
    """Some alternative of `a` and some of `b` name the same change (either way round)."""
    if a.gene != b.gene:
        return False
    return any(pattern_covers(pa, pb, a.gene, exons) or pattern_covers(pb, pa, a.gene, exons)
               for pa in a.patterns for pb in b.patterns)
