"""Reading one file the way the CLI does, for tests that look at fields the JSON leaves out."""

from __future__ import annotations

from pathlib import Path


def read(path: Path, input_format: str = "auto", **options):
    from ctdna_resist.api import load_kb
    from ctdna_resist.readers import read_inputs
    from ctdna_resist.readers.common import ReadOptions

    kb = load_kb(None)
    thresholds = {**kb.thresholds, **options.pop("thresholds", {})}
    return read_inputs([Path(path)], ReadOptions(kb=kb, builder=kb.alteration_builder(),
                                                 thresholds=thresholds, **options), input_format)


def by_gene(result, gene: str):
    found = [a for a in result.alterations if a.gene == gene]
    assert len(found) == 1, found
    return found[0]
