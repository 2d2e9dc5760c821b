#!/usr/bin/env python3
"""Regenerate the reference-derived knowledge-base tables from shared/reference/.

Writes, in annotations/ of this repository:
  hotspots.tsv    one row per build for every row of hotspots.tsv (verified = yes) and of
                  hotspots_unverified.tsv that has coordinates (verified = no)
  chip_genes.tsv  from chip_genes.tsv
  genes.tsv       rows of the genes in the shared genes.tsv are regenerated; rows already in
                  annotations/genes.tsv for other (hand-curated) genes are kept unchanged

Usage: python3 scripts/import_reference.py [REFERENCE_DIR]
REFERENCE_DIR defaults to ../shared/reference relative to the repository root.
Output is deterministic: rows are sorted, files are UTF-8 with LF line ends.
Python 3.11, standard library only.
"""
import argparse
import csv
import os
import re
import sys

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ANN = os.path.join(REPO, 'annotations')

GENES_COLS = ['symbol', 'hgnc_id', 'name', 'aliases', 'previous_symbols', 'chrom',
              'grch37_start', 'grch37_end', 'grch38_start', 'grch38_end', 'strand',
              'mane_refseq', 'mane_ensembl', 'reference']
HOTSPOT_COLS = ['gene', 'protein_change', 'hgvs_c', 'transcript', 'build', 'chrom', 'pos',
                'ref', 'alt', 'verified', 'reference']
CHIP_COLS = ['gene', 'role', 'ch_fraction', 'evidence_checked', 'reference']

GENES_REF = ('HGNC symbol, ID, name, alias and previous symbols (hgnc_complete_set, '
             'maximilianh/phenotypes@0236d05) and MANE v1.0 Select RefSeq/Ensembl IDs; '
             'start/end = span of the MANE Select transcript, 1-based inclusive, GRCh38 checked '
             'against the MANE v1.0 summary and GRCh37 by UCSC liftover; via shared '
             'reference/genes.tsv (see reference/SOURCES.md)')


def read_tsv(path):
    with open(path, encoding='utf-8', newline='') as f:
        return list(csv.DictReader(f, delimiter='\t', quoting=csv.QUOTE_NONE))


def clean(value):
    """One-line cell without tabs or surrounding spaces."""
    value = (value or '').replace('\t', ' ').replace('\r', ' ').replace('\n', ' ')
    return re.sub(r' {2,}', ' ', value).strip()


def as_list(value):
    """HGNC comma lists -> the knowledge base's ';' lists."""
    return ';'.join(x.strip() for x in (value or '').split(',') if x.strip())


def write_tsv(path, cols, rows):
    with open(path, 'w', encoding='utf-8', newline='\n') as f:
        f.write('\t'.join(cols) + '\n')
        for row in rows:
            cells = [clean(row.get(c, '')) for c in cols]
            f.write('\t'.join(cells) + '\n')


def genes(ref_dir):
    shared = read_tsv(os.path.join(ref_dir, 'genes.tsv'))
    rows = {}
    for g in shared:
        if g['grch38_chrom'] != g['grch37_chrom']:
            sys.exit('genes.tsv: {} has different chromosomes per build'.format(g['symbol']))
        note = clean(g.get('notes', ''))
        rows[g['symbol']] = {
            'symbol': g['symbol'], 'hgnc_id': g['hgnc_id'], 'name': g['name'],
            'aliases': as_list(g['alias_symbols']),
            'previous_symbols': as_list(g['previous_symbols']),
            'chrom': g['grch38_chrom'],
            'grch37_start': g['grch37_start'], 'grch37_end': g['grch37_end'],
            'grch38_start': g['grch38_start'], 'grch38_end': g['grch38_end'],
            'strand': g['strand'],
            'mane_refseq': g['mane_select_refseq'], 'mane_ensembl': g['mane_select_ensembl'],
            'reference': GENES_REF + ('. Note: ' + note if note else ''),
        }
    path = os.path.join(ANN, 'genes.tsv')
    kept = 0
    if os.path.exists(path):
        for g in read_tsv(path):
            if g['symbol'] not in rows:
                rows[g['symbol']] = g
                kept += 1
    write_tsv(path, GENES_COLS, [rows[k] for k in sorted(rows)])
    return len(shared), kept


def hotspot_reference(h, build, verified):
    level = h['verification_level'] or 'none'
    src = h['sources_grch37'] if build == 'GRCh37' else h['sources_grch38']
    src = src.replace(' | ', ' + ')
    parts = ['{} ({}): {}'.format('verified' if verified else 'NOT verified', level, src),
             'shared reference/%s (SOURCES.md)' % ('hotspots.tsv' if verified
                                                    else 'hotspots_unverified.tsv')]
    if clean(h.get('notes', '')):
        parts.append('note: ' + clean(h['notes']))
    return '; '.join(parts)


def hotspots(ref_dir):
    out = []
    skipped = []
    for fname, verified in (('hotspots.tsv', True), ('hotspots_unverified.tsv', False)):
        for h in read_tsv(os.path.join(ref_dir, fname)):
            for build, pre in (('GRCh37', 'grch37_'), ('GRCh38', 'grch38_')):
                if not h[pre + 'pos']:
                    skipped.append('{} {} {}'.format(h['gene'], h['protein_change'], build))
                    continue
                out.append({
                    'gene': h['gene'], 'protein_change': h['protein_change'],
                    'hgvs_c': h['hgvs_c'], 'transcript': h['transcript_refseq'],
                    'build': build, 'chrom': h[pre + 'chrom'], 'pos': h[pre + 'pos'],
                    'ref': h[pre + 'ref'], 'alt': h[pre + 'alt'],
                    'verified': 'yes' if verified else 'no',
                    'reference': hotspot_reference(h, build, verified),
                })
    out.sort(key=lambda r: (r['gene'], r['protein_change'], r['hgvs_c'], r['build']))
    write_tsv(os.path.join(ANN, 'hotspots.tsv'), HOTSPOT_COLS, out)
    return len(out), skipped


CH_RE = re.compile(r'(\d+(?:\.\d+)?)% of plasma \S+ variants were of CH origin')
IP_URL = re.compile(r'https?://\d+\.\d+\.\d+\.\d+')


def chip(ref_dir):
    out = []
    for c in read_tsv(os.path.join(ref_dir, 'chip_genes.tsv')):
        m = CH_RE.search(c['quote_or_finding'])
        fraction = ''
        if m:
            fraction = ('%.4f' % (float(m.group(1)) / 100)).rstrip('0').rstrip('.')
        checked = c['evidence_checked'].strip().lower()
        yes = checked.startswith('gene named in the source')
        citation = clean(c['citation'])
        if citation in ('', '-'):
            citation = 'no source found'
        if IP_URL.search(citation):
            sys.exit('chip_genes.tsv: raw IP address in the citation of {}'.format(c['gene']))
        if not yes:
            citation += ' ({})'.format(clean(c['quote_or_finding']))
        out.append({'gene': c['gene'], 'role': c['chip_role'], 'ch_fraction': fraction,
                    'evidence_checked': 'yes' if yes else 'no', 'reference': citation})
    out.sort(key=lambda r: r['gene'])
    write_tsv(os.path.join(ANN, 'chip_genes.tsv'), CHIP_COLS, out)
    return len(out)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('reference_dir', nargs='?',
                    default=os.path.join(REPO, '..', 'shared', 'reference'))
    args = ap.parse_args(argv)
    ref_dir = os.path.normpath(args.reference_dir)
    for f in ('genes.tsv', 'hotspots.tsv', 'hotspots_unverified.tsv', 'chip_genes.tsv'):
        if not os.path.exists(os.path.join(ref_dir, f)):
            sys.exit(f'missing {f} in {ref_dir}')
    n_shared, n_kept = genes(ref_dir)
    n_hot, skipped = hotspots(ref_dir)
    n_chip = chip(ref_dir)
    print(f'genes.tsv: {n_shared} from the shared reference, {n_kept} hand-curated rows kept')
    print(f"hotspots.tsv: {n_hot} rows (skipped, no coordinates: {', '.join(skipped) or '-'})")
    print(f'chip_genes.tsv: {n_chip} rows')


if __name__ == '__main__':
    main()
