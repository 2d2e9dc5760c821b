"""One evidence item read against the knowledge base: is it in scope, which alteration it is
about (the subject) and in which driver context, which drugs it names."""
from dataclasses import dataclass, field

from .alterations import Alt, covers, exon_class_of
from .profiles import Unmapped, read_profile

LUNG = 'lung'


@dataclass
class View:
    item: object
    subjects: list = field(default_factory=list)  # Alts the evidence is about
    drivers: list = field(default_factory=list)  # Alts of the driver context in the profile
    therapies: list = field(default_factory=list)  # (CIViC name, drug/class or None)
    problem: str = ''  # why the profile cannot be imported
    lacking: list = field(default_factory=list)  # drugs read as their class (not in drugs.tsv)
    lung: bool = False  # the item's disease is a lung cancer (mapping kind disease)

    @property
    def missing(self):
        return [name for name, drug in self.therapies if drug is None]

    @property
    def drugs(self):
        return [drug for _, drug in self.therapies if drug and drug != 'none']


class Skip(Exception):
    """The item is left out; the message is the reason."""


def note_missing_drugs(view, notes):
    """Therapies not in drugs.tsv: the item is left out when they are part of a combination or
    all it names; otherwise the row notes them."""
    missing = view.missing
    if missing and (view.item.interaction == 'Combination' or not view.drugs):
        raise Skip('therapy not in drug dictionary: ' + ', '.join(missing))
    if missing:
        notes.append(f'CIViC also names {", ".join(missing)} (not in drugs.tsv; listed in '
                     'civic_drugs_needed.tsv).')


def in_scope(item, mapping):
    if item.evidence_type != 'Predictive' or item.direction != 'Supports':
        return False
    if mapping.get('disease', item.disease) == LUNG:
        return True
    return any(mapping.get('nsclc_drug', t) == 'yes' for t in item.therapies)


def is_driver(alt, kb):
    """A sensitising driver as drivers.tsv lists it (broad 'mutation' rows excepted), or any
    fusion of the gene: in a compound profile such a term is the context, not the subject."""
    if alt.is_fusion:
        return True
    for driver, _ in kb.drivers:
        if not driver.broad and (covers(driver, alt, kb.exons) or covers(alt, driver, kb.exons)):
            return True
    return alt.gene == 'BRAF' and all(p.startswith('V600') for p in alt.patterns)


def treated_driver(alt, drugs, kb):
    """The alteration is a driver that drivers.tsv says these drugs treat (broad rows excepted)."""
    for driver, targeted in kb.drivers:
        if driver.broad or not set(drugs) & targeted:
            continue
        if covers(driver, alt, kb.exons) or covers(alt, driver, kb.exons):
            return True
    return False


def primary_alteration(alt, kb, mapping, broad_drivers=True):
    """An uncommon sensitising alteration (mapping kind primary_alteration) or a driver (with
    broad_drivers, any small variant of a gene drivers.tsv lists as 'mutation'); for several
    alternatives (an OR profile), when any of them is."""
    if len(alt.patterns) > 1:
        return any(primary_alteration(Alt(alt.gene, (p,), alt.partner), kb, mapping,
                                      broad_drivers) for p in alt.patterns)
    if is_driver(alt, kb):
        return True
    for value in mapping.values('primary_alteration'):
        gene, _, pattern = value.partition(' ')
        listed = Alt(gene, tuple(pattern.split(',')))
        if covers(listed, alt, kb.exons):
            mapping.get('primary_alteration', value)
            return True
        if gene == alt.gene and all(exon_class_of(gene, p, kb.exons) == pattern
                                    for p in alt.patterns):
            mapping.get('primary_alteration', value)
            return True
    return broad_drivers and any(driver.broad and driver.gene == alt.gene and alt.is_small
                                 for driver, _ in kb.drivers)


def _merge(terms):
    """An OR group of one gene -> one Alt with the alternatives of all its terms."""
    alts = [a for t in terms for a in t.alts]
    genes = {a.gene for a in alts}
    partners = {a.partner for a in alts}
    if len(genes) != 1 or len(partners) != 1:
        return None
    patterns = []
    for a in alts:
        patterns.extend(p for p in a.patterns if p not in patterns)
    return Alt(alts[0].gene, tuple(patterns), alts[0].partner)


def read_item(item, kb, mapping):
    view = View(item, lung=mapping.get('disease', item.disease) == LUNG)
    for name in item.therapies:
        mapped = mapping.get('therapy', name)
        if mapped and mapped.startswith('class:'):  # a drug drugs.tsv lacks, read as its class
            view.lacking.append(name)
            mapped = mapped[len('class:'):]
        view.therapies.append((name, mapped or kb.resolve(name)))
    try:
        groups = read_profile(item.profile, mapping)
    except Unmapped as exc:
        raise SystemExit(f'EID{item.eid}: {exc}: add it to civic_mapping.tsv (kind term)') from exc
    unusable = [t for g in groups for t in g if not t.usable]
    if unusable:
        view.problem = unusable[0].reason
        return view
    alts = []
    for group in groups:
        if len(group) == 1:
            alts.append(list(group[0].alts))
            continue
        merged = _merge(group)
        if merged is None:
            view.problem = 'profile joins alterations of different genes with OR'
            return view
        alts.append([merged])
    flat = [a for group in alts for a in group]
    if len(flat) == 1:
        view.subjects = flat
        return view
    view.drivers = [a for a in flat if is_driver(a, kb)]
    view.subjects = [a for a in flat if a not in view.drivers]
    if not view.subjects:  # every term is a driver: the profile is about the drivers together
        view.subjects, view.drivers = view.drivers[-1:], view.drivers[:-1]
    return view
