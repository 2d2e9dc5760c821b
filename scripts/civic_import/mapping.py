"""The reviewed mapping table annotations/civic_mapping.tsv: kind, civic_value, maps_to, reason.

Kinds (annotations/README.md, section "CIViC import"):
  disease             CIViC disease name -> 'lung' (in scope by disease) or 'outside'
  nsclc_drug          CIViC therapy name -> 'yes' (in scope in any disease) or 'no'
  therapy             CIViC therapy name -> drug or class of drugs.tsv; 'class:CLASS' for a drug
                      drugs.tsv lacks, read as its class (still listed as needed); 'none' for
                      a therapy that is not a drug
  term                'GENE variant' as CIViC spells it -> ';'-separated knowledge-base
                      alterations of that gene ('fusion:PARTNER' for a fusion with a partner),
                      or 'not_detectable' / 'no_pattern' (the reason says why)
  category            gene -> on_target / bypass / downstream, where the built-in gene lists
                      do not decide
  primary_alteration  'GENE pattern' -> 'driver': an uncommon sensitising alteration, whose
                      sensitivity items concern first-line treatment, not rescue
  post_tki            EID -> drugs or classes received before the item's therapy (the
                      statement is about the setting after them): 'a;b' either, 'a+b' both
  driver_context      EID -> driver context of the derived resistance row
"""
from dataclasses import dataclass, field

from .tables import read_tsv

KINDS = ('disease', 'nsclc_drug', 'therapy', 'term', 'category', 'primary_alteration',
         'post_tki', 'driver_context')
COLUMNS = ['kind', 'civic_value', 'maps_to', 'reason']


@dataclass
class Mapping:
    rows: dict = field(default_factory=dict)  # (kind, civic_value) -> (maps_to, reason)
    used: set = field(default_factory=set)

    def get(self, kind, value):
        key = (kind, value)
        if key in self.rows:
            self.used.add(key)
            return self.rows[key][0]
        return None

    def reason(self, kind, value):
        return self.rows[(kind, value)][1]

    def values(self, kind):
        return sorted(v for k, v in self.rows if k == kind)

    def unused(self):
        return sorted(set(self.rows) - self.used)


def load_mapping(path):
    mapping = Mapping()
    for line, row in enumerate(read_tsv(path), start=2):
        kind, value = row['kind'], row['civic_value']
        if kind not in KINDS:
            raise SystemExit(f'{path}:{line}: unknown kind {kind!r} (expected {", ".join(KINDS)})')
        if not row['maps_to'] or not row['reason']:
            raise SystemExit(f'{path}:{line}: maps_to and reason are required')
        if (kind, value) in mapping.rows:
            raise SystemExit(f'{path}:{line}: {kind} {value!r} is listed twice')
        mapping.rows[(kind, value)] = (row['maps_to'], row['reason'])
    return mapping
