"""Examples of the genes behind `outside_kb_genes`: the genes the annotation of the first lines
outside the knowledge-base regions names.

The records outside the regions are counted without being parsed (access.py, scan.py), so the
genes they fall in are taken apart, from the start of the file: at most NAME_TRIES data lines
are read, and reading stops once OUTSIDE_NAMES_KEPT names are kept. An unannotated file names
no gene outside genes.tsv, and a BCF is not read for them.
"""

from __future__ import annotations

import gzip
from collections.abc import Callable
from pathlib import Path

from ...model import OUTSIDE_NAMES_KEPT, ReadResult
from ..common import GZIP_MAGIC
from .genome import Regions

#: data lines read from the start of the file for names
NAME_TRIES = 2000


def name_outside(path: Path, regions: Regions, name_of: Callable[[bytes], str | None],
                 result: ReadResult) -> None:
    """Add to result.outside_kb_gene_names the genes `name_of` finds on the first lines
    outside `regions`."""
    with open(path, "rb") as probe:
        gzipped = probe.read(2) == GZIP_MAGIC
    names = result.outside_kb_gene_names
    tried = 0
    try:
        with (gzip.open if gzipped else open)(path, "rb") as fh:
            for line in fh:
                if line.startswith(b"#") or not line.strip():
                    continue
                tried += 1
                if tried > NAME_TRIES or len(names) >= OUTSIDE_NAMES_KEPT:
                    return
                chrom, _, rest = line.partition(b"\t")
                pos = rest.partition(b"\t")[0]
                if pos.isdigit() and regions.contains(chrom.decode("utf-8", "replace"),
                                                      int(pos)):
                    continue
                name = name_of(line)
                if name:
                    names.add(name)
    except (OSError, EOFError):
        return  # the reading proper names the fault
