"""What a VCF header tells the reader: the genome build, the tumour column, how contigs are named.

Each is an InputError naming the file when the header cannot answer and the options do not
either: a build the header contradicts, several samples and no way to tell the tumour, contig
names that fit neither build.
"""

from __future__ import annotations

import re
from pathlib import Path

from ...errors import InputError
from .build import build_from_header
from .genome import MAIN_CHROMOSOMES, Regions, bare_chrom
from .records import Header

_SAMPLE_LINE = re.compile(r"##SAMPLE=<ID=(\w+),.*?SampleName=([^,>]+)")


def genome_build(path: Path, header: Header, given: str | None
                 ) -> tuple[str | None, str | None]:
    """(build, evidence): the header's build and the line that says it, else `given`
    (--genome, no evidence from the file); an error when they disagree or the header's hints
    conflict and nothing was given."""
    build, evidence = build_from_header(header.lines)
    if build is None and evidence != "silent" and not given:
        raise InputError(path, f"genome build unclear: the header's {evidence}; "
                         "give --genome GRCh37 or GRCh38")
    if build and given and build != given:
        raise InputError(path, f"header describes {build}, but --genome {given} was "
                         f"given ({evidence})")
    if build:
        return build, evidence
    return given, None


def tumour_column(path: Path, header: Header, wanted: str | None) -> int | None:
    """Index among the header's samples of the one to read: `wanted` (--sample), else the
    `##tumor_sample`, else the one that is not `##normal_sample` (or TUMOR of a TUMOR/NORMAL
    pair, as Strelka and Manta name them), else the only one. None for a sites-only file."""
    samples = header.samples
    if not samples:
        return None
    if wanted is None:
        named = _named_samples(header.lines)
        if named.get("tumor_sample") in samples:
            wanted = named["tumor_sample"]
        elif len(samples) == 2 and named.get("normal_sample") in samples:
            wanted = next(s for s in samples if s != named["normal_sample"])
        elif len(samples) == 2 and {s.upper() for s in samples} == {"TUMOR", "NORMAL"}:
            wanted = next(s for s in samples if s.upper() == "TUMOR")  # Strelka, Manta
    if wanted is not None:
        if wanted not in samples:
            raise InputError(path, f"sample '{wanted}' not found; the VCF holds: "
                             f"{', '.join(samples)}")
        return samples.index(wanted)
    if len(samples) > 1:
        raise InputError(path, f"holds {len(samples)} samples ({', '.join(samples)}) "
                         "and no ##tumor_sample header; choose one with --sample")
    return 0


def has_matched_normal(header: Header) -> bool:
    """A tumour/normal file: a normal sample named in the header, or a NORMAL column."""
    named = _named_samples(header.lines)
    return named.get("normal_sample") in header.samples or \
        any(s.upper() == "NORMAL" for s in header.samples)


def _named_samples(lines: list[str]) -> dict[str, str]:
    """`tumor_sample`/`normal_sample` -> name, from `##tumor_sample=` lines or the GATK/Strelka
    `##SAMPLE=<ID=TUMOR,...,SampleName=...>` lines."""
    named = {}
    for line in lines:
        for key in ("tumor_sample", "normal_sample"):
            if line.startswith(f"##{key}="):
                named[key] = line.split("=", 1)[1].strip()
        m = _SAMPLE_LINE.match(line)
        if m and m.group(1).upper() in ("TUMOR", "TUMOUR", "NORMAL"):
            key = "normal_sample" if m.group(1).upper() == "NORMAL" else "tumor_sample"
            named.setdefault(key, m.group(2))
    return named


def check_contigs(path: Path, header: Header, regions: Regions | None) -> None:
    if regions is None or not header.contigs:
        return
    bare = {bare_chrom(c) for c in header.contigs}
    if not bare & MAIN_CHROMOSOMES:
        names = ", ".join(list(header.contigs)[:3])
        raise InputError(path, f"contig names ({names}, ...) fit neither GRCh37 nor "
                         "GRCh38 chromosome names (1..22, X, Y, with or without 'chr'): "
                         "rename the contigs")
