"""Input readers: one module per input kind, a registry, and detection that never guesses.

`detect_format` tries every reader's `sniff` on the file's first bytes; a file no reader
recognises is an error listing the formats tried.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError
from ..model import ReadResult
from . import panel, vcf
from .common import ReadOptions, check_readable, read_head


@dataclass(frozen=True)
class Reader:
    name: str
    description: str
    sniff: Callable[[bytes, Path], bool]
    read: Callable[[Path, ReadOptions], ReadResult]


READERS: dict[str, Reader] = {
    r.name: r for r in (
        Reader("vcf", "VCF/BCF (VEP CSQ annotations, copy-number records)", vcf.sniff,
               vcf.read_vcf),
        Reader("panel", "panel export CSV/TSV (gene, alteration, ...)", panel.sniff,
               panel.read_panel),
    )
}


def detect_format(path: Path) -> str:
    check_readable(path)
    head = read_head(path)
    if not head.strip():
        raise InputError(path, "is empty")
    matches = [r.name for r in READERS.values() if r.sniff(head, path)]
    if len(matches) == 1:
        return matches[0]
    tried = ", ".join(READERS)
    if not matches:
        raise InputError(path, f"format not recognised (tried: {tried}); "
                         "name it with --input-format")
    raise InputError(path, f"matches several formats ({', '.join(matches)}); "
                     "name one with --input-format")


def read_inputs(paths: list[Path], options: ReadOptions, input_format: str = "auto") -> ReadResult:
    """Read every input for one sample and merge them: the same alteration (gene, alteration,
    partner) from two files is one alteration, the first one read kept."""
    merged = ReadResult()
    seen: set[tuple] = set()
    for path in paths:
        name = detect_format(path) if input_format == "auto" else input_format
        if name not in READERS:
            raise InputError(path, f"unknown --input-format '{name}' (known: "
                             f"{', '.join(READERS)})")
        result = READERS[name].read(path, options)
        merged.input_records += result.input_records
        merged.skipped.update(result.skipped)
        merged.outside_kb_genes += result.outside_kb_genes
        merged.genome = merged.genome or result.genome
        merged.sample = merged.sample or result.sample
        if merged.tumor_fraction is None:
            merged.tumor_fraction = result.tumor_fraction
            merged.tumor_fraction_source = result.tumor_fraction_source
        for alteration in result.alterations:
            if alteration.key in seen:
                merged.duplicates += 1
                continue
            seen.add(alteration.key)
            merged.alterations.append(alteration)
    return merged
