"""Reading and writing tab-separated tables; the CIViC evidence items as plain records."""
import csv
import glob
import os
import re
from dataclasses import dataclass

EVIDENCE_SUFFIX = '-ClinicalEvidenceSummaries.tsv'


def read_tsv(path):
    with open(path, encoding='utf-8', newline='') as f:
        return list(csv.DictReader(f, delimiter='\t', quoting=csv.QUOTE_NONE))


def clean(value):
    """One-line cell: no tabs or line breaks, single spaces, no surrounding spaces."""
    value = (value or '').replace('\t', ' ').replace('\r', ' ').replace('\n', ' ')
    return re.sub(r'\s{2,}', ' ', value).strip()


def write_tsv(path, columns, rows):
    """Write rows (dicts) with LF line ends; cells cleaned; byte-identical for the same rows."""
    with open(path, 'w', encoding='utf-8', newline='\n') as f:
        f.write('\t'.join(columns) + '\n')
        for row in rows:
            f.write('\t'.join(clean(str(row.get(c, ''))) for c in columns) + '\n')


def split_list(cell, sep=';'):
    return [x.strip() for x in (cell or '').split(sep) if x.strip()]


@dataclass(frozen=True)
class Item:
    """One CIViC evidence item, with the fields the import uses."""

    eid: int
    profile: str
    disease: str
    doid: str
    therapies: tuple
    interaction: str
    evidence_type: str
    direction: str
    level: str
    significance: str
    statement: str
    citation_id: str
    source_type: str
    asco_id: str
    citation: str
    nct_ids: tuple
    rating: str
    origin: str

    @property
    def germline(self):
        return 'germline' in self.origin.lower()


def split_therapies(cell, known_names):
    """CIViC joins therapies with ',', and a few names contain a comma themselves
    ('HER2 Inhibitor CP-724,714'): a piece that only completes a known name is joined back."""
    pieces = [p.strip() for p in cell.split(',')]
    out = []
    i = 0
    while i < len(pieces):
        if i + 1 < len(pieces) and f'{pieces[i]},{pieces[i + 1]}' in known_names:
            out.append(f'{pieces[i]},{pieces[i + 1]}')
            i += 2
            continue
        if pieces[i]:
            out.append(pieces[i])
        i += 1
    return tuple(out)


def release_files(civic_dir):
    """(release date as in the file names, path of the evidence file)."""
    found = sorted(glob.glob(os.path.join(civic_dir, '*' + EVIDENCE_SUFFIX)))
    if len(found) != 1:
        raise SystemExit(f'{civic_dir}: expected one *{EVIDENCE_SUFFIX} file, found {len(found)}')
    path = found[0]
    return os.path.basename(path)[:-len(EVIDENCE_SUFFIX)], path


def load_items(path, joined_therapies):
    items = []
    for row in read_tsv(path):
        items.append(Item(
            eid=int(row['evidence_id']), profile=clean(row['molecular_profile']),
            disease=clean(row['disease']), doid=row['doid'].strip(),
            therapies=split_therapies(row['therapies'], joined_therapies),
            interaction=row['therapy_interaction_type'].strip(),
            evidence_type=row['evidence_type'].strip(), direction=row['evidence_direction'].strip(),
            level=row['evidence_level'].strip(), significance=row['significance'].strip(),
            statement=clean(row['evidence_statement']), citation_id=row['citation_id'].strip(),
            source_type=row['source_type'].strip(), asco_id=row['asco_abstract_id'].strip(),
            citation=clean(row['citation']), nct_ids=tuple(split_list(row['nct_ids'], ',')),
            rating=row['rating'].strip(), origin=row['variant_origin'].strip()))
    return sorted(items, key=lambda item: item.eid)
