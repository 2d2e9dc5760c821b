"""What the import needs from the curated knowledge base in annotations/: the drug dictionary,
the known drivers, the curated resistance and rescue rows, genes and exon codon ranges."""
import os
import re
from dataclasses import dataclass, field

from .alterations import Alt
from .tables import read_tsv, split_list

# The gene(s) each drug class acts on: a resistance alteration in one of them is on-target.
CLASS_TARGETS = {
    'EGFR TKI': ('EGFR',), 'ALK TKI': ('ALK',), 'ROS1 TKI': ('ROS1',), 'MET TKI': ('MET',),
    'RET TKI': ('RET',), 'NTRK TKI': ('NTRK1', 'NTRK2', 'NTRK3'), 'BRAF inhibitor': ('BRAF',),
    'MEK inhibitor': ('MAP2K1', 'MAP2K2'), 'KRAS G12C inhibitor': ('KRAS',),
    'HER2 TKI': ('ERBB2',), 'HER2 antibody': ('ERBB2',), 'EGFR antibody': ('EGFR',),
    'EGFR-MET bispecific antibody': ('EGFR', 'MET'), 'MET antibody': ('MET',),
    'PI3K inhibitor': ('PIK3CA',), 'CDK4/6 inhibitor': ('CDK4', 'CDK6'), 'AXL inhibitor': ('AXL',),
    'SHP2 inhibitor': ('PTPN11',), 'HER3 antibody': ('ERBB3',), 'HGF antibody': ('HGF',),
}
# The driver a drug class treats, as a driver_context pattern.
CLASS_DRIVERS = {
    'EGFR TKI': ('EGFR',), 'ALK TKI': ('ALK fusion',), 'ROS1 TKI': ('ROS1 fusion',),
    'MET TKI': ('MET',), 'RET TKI': ('RET fusion',),
    'NTRK TKI': ('NTRK1 fusion', 'NTRK2 fusion', 'NTRK3 fusion'), 'BRAF inhibitor': ('BRAF',),
    'KRAS G12C inhibitor': ('KRAS G12C',), 'HER2 TKI': ('ERBB2',), 'HER2 antibody': ('ERBB2',),
    'EGFR-MET bispecific antibody': ('EGFR',), 'MET antibody': ('MET',),
}


def name_key(name):
    """As the package normalises drug names: 'AZD-9291', 'azd 9291' and 'AZD9291' are one."""
    return re.sub(r'[\s\-_()®™]+', '', name.strip().lower())


@dataclass
class Drug:
    name: str
    classes: tuple  # (class, generation or '')
    targets: tuple


@dataclass
class CuratedRow:
    """A resistance row (curated or derived): what linking and conflict checks need."""

    id: str
    alt: Alt
    category: str
    resists: frozenset
    requires: tuple = ()  # (kind, Alt)
    driver_context: str = ''
    sources: str = ''  # the row's sources cell (typed citations)
    evidence_level: str = ''
    civic_lung: str = ''  # derived rows: yes / no (the CIViC item's disease is a lung cancer)

    @property
    def subjects(self):
        """The alteration and those it must be found with (same-gene `with:` terms)."""
        return (self.alt,) + tuple(a for k, a in self.requires if k == 'with' and
                                   a.gene == self.alt.gene)


@dataclass(frozen=True)
class CuratedRescue:
    """A rescue.tsv row: what the conflict checks need."""

    id: str
    resistance_ids: tuple
    drugs: frozenset
    regimen: str
    sources: str
    evidence_level: str


@dataclass
class Knowledge:
    drugs: dict = field(default_factory=dict)
    names: dict = field(default_factory=dict)  # name key -> generic
    classes: set = field(default_factory=set)
    drivers: list = field(default_factory=list)  # (Alt, frozenset of drugs)
    principal_drivers: list = field(default_factory=list)  # Alts of tier-1 drivers
    resistance: list = field(default_factory=list)
    rescue: list = field(default_factory=list)  # CuratedRescue rows
    genes: set = field(default_factory=set)
    exons: dict = field(default_factory=dict)  # gene -> {exon: (first, last)}

    def resolve(self, name):
        """A drug or class name (as CIViC or the mapping writes it) -> generic drug or class."""
        generic = self.names.get(name_key(name))
        if generic:
            return generic
        return next((c for c in self.classes if name_key(c) == name_key(name)), None)

    def expand(self, spec):
        """'osimertinib', 'EGFR TKI', 'EGFR TKI:1,2' -> the set of generic drug names."""
        if spec in self.drugs:
            return {spec}
        cls, _, gens = spec.partition(':')
        wanted = {g.strip() for g in gens.split(',') if g.strip()}
        return {d.name for d in self.drugs.values()
                for c, g in d.classes if c == cls and (not wanted or g in wanted)}

    def targets(self, drug):
        """Genes a targeted drug acts on: those of its classes and its drugs.tsv targets.
        Immunotherapy, chemotherapy and 'other' drugs act on no tumour gene here."""
        classes = [c for c, _ in self.drugs[drug].classes]
        if not any(c in CLASS_TARGETS or c == 'multikinase inhibitor' for c in classes):
            return set()
        out = set(self.drugs[drug].targets)
        for cls in classes:
            out.update(CLASS_TARGETS.get(cls, ()))
        return out

    def drives(self, drug):
        out = []
        for cls, _ in self.drugs[drug].classes:
            out.extend(d for d in CLASS_DRIVERS.get(cls, ()) if d not in out)
        return out


def parse_alt(gene, pattern, partner=''):
    return Alt(gene, tuple(p.strip() for p in pattern.split(',') if p.strip()), partner)


def parse_requires(cell):
    out = []
    for term in split_list(cell):
        kind, _, rest = term.partition(':')
        gene, _, pattern = rest.strip().partition(' ')
        if pattern:
            out.append((kind, parse_alt(gene, pattern)))
    return tuple(out)


def _load_drugs(kb, ann):
    for row in read_tsv(os.path.join(ann, 'drugs.tsv')):
        classes = []
        for item in split_list(row['classes']):
            cls, _, gen = item.partition(':')
            classes.append((cls.strip(), gen.strip()))
            kb.classes.add(cls.strip())
        kb.drugs[row['drug']] = Drug(row['drug'], tuple(classes), tuple(split_list(row['targets'])))
        for name in [row['drug']] + split_list(row['brand_names']) + split_list(
                row['codes']) + split_list(row['spellings_seen']):
            kb.names.setdefault(name_key(name), row['drug'])


def load_knowledge(ann):
    kb = Knowledge()
    _load_drugs(kb, ann)
    kb.genes = {row['symbol'] for row in read_tsv(os.path.join(ann, 'genes.tsv'))}
    for row in read_tsv(os.path.join(ann, 'exons.tsv')):
        kb.exons.setdefault(row['gene'], {})[int(row['exon'])] = (
            int(row['first_codon']), int(row['last_codon']))
    for row in read_tsv(os.path.join(ann, 'drivers.tsv')):
        drugs = set().union(*(kb.expand(s) for s in split_list(row['targeted_by'])))
        kb.drivers.append((parse_alt(row['gene'], row['alteration'], row['partner']),
                           frozenset(drugs)))
        if row['tier'] == '1':
            kb.principal_drivers.append(kb.drivers[-1][0])
    for row in read_tsv(os.path.join(ann, 'resistance.tsv')):
        drugs = set().union(*(kb.expand(s) for s in split_list(row['resists'])))
        kb.resistance.append(CuratedRow(
            row['id'], parse_alt(row['gene'], row['alteration'], row['partner']),
            row['category'], frozenset(drugs), parse_requires(row['requires']),
            row['driver_context'], row['sources'], row['evidence_level']))
    for row in read_tsv(os.path.join(ann, 'rescue.tsv')):
        drugs = set().union(*(kb.expand(s) for s in split_list(row['drugs'])))
        kb.rescue.append(CuratedRescue(row['id'], tuple(split_list(row['resistance_ids'])),
                                       frozenset(drugs), row['regimen'], row['sources'],
                                       row['evidence_level']))
    return kb
