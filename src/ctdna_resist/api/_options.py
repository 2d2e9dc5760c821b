"""The entry points' arguments: a `Request`, or, as a notebook writes them, the inputs and plain
keyword options (`annotate("x.vcf.gz", therapies=["erlotinib", "osimertinib"])`)."""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypedDict


@dataclass
class Request:
    """Everything one sample's annotation needs (the CLI's shared options)."""

    inputs: list[Path]
    sample_id: str | None = None
    therapies: list[str] = field(default_factory=list)
    driver: str | None = None
    tumor_type: str = "NSCLC"
    genome: str | None = None
    sample: str | None = None
    #: a fraction, or as --tumor-fraction writes it (`0.12`, `12%`: numbers.py)
    tumor_fraction: float | str | None = None
    kb_dir: Path | None = None
    input_format: str = "auto"
    lenient: bool = False
    reference: Path | None = None
    bam: Path | None = None
    #: name -> value (a number, or the text of `--threshold NAME=VALUE`, read by numbers.py)
    thresholds: dict[str, float | str] = field(default_factory=dict)
    #: what the assay covers (a gene list or BED), for "looked for, not detected"
    panel_genes: Path | None = None


#: what may stand for the inputs: one path, or several for one sample
InputPaths = str | os.PathLike[str] | Sequence[str | os.PathLike[str]]


class RequestOptions(TypedDict, total=False):
    """The keyword options of `annotate` and `report`: every field of `Request` but `inputs`
    (a test keeps the two the same)."""

    sample_id: str | None
    therapies: Sequence[str] | str
    driver: str | None
    tumor_type: str
    genome: str | None
    sample: str | None
    tumor_fraction: float | str | None
    kb_dir: str | os.PathLike[str] | None
    input_format: str
    lenient: bool
    reference: str | os.PathLike[str] | None
    bam: str | os.PathLike[str] | None
    thresholds: dict[str, float | str] | None
    panel_genes: str | os.PathLike[str] | None


PATH_OPTIONS = ("kb_dir", "reference", "bam", "panel_genes")


def as_request(request: Request | InputPaths, options: dict, caller: str) -> Request:
    """A `Request` from a Request (options replace its fields) or from inputs and options.
    A misnamed option is a TypeError naming the accepted ones, as Python does for a misnamed
    argument."""
    accepted = [f.name for f in dataclasses.fields(Request) if f.name != "inputs"]
    unknown = [name for name in options if name not in accepted]
    if unknown:
        import difflib

        hints = [f"{name!r}" + (f" (did you mean {close[0]!r}?)" if (
            close := difflib.get_close_matches(name, accepted, n=1)) else "")
            for name in unknown]
        raise TypeError(f"{caller}() got unknown option(s) {', '.join(hints)}; accepted: "
                        f"{', '.join(accepted)}")
    values = {name: _plain(name, value) for name, value in options.items()}
    if isinstance(request, Request):
        return dataclasses.replace(request, **values)
    if isinstance(request, str | os.PathLike):
        inputs = [Path(request)]
    elif isinstance(request, Sequence) and request:
        inputs = [Path(p) for p in request]
    else:
        raise TypeError(f"{caller}() needs the inputs: a path, a list of paths or a Request "
                        f"(got {request!r})")
    return Request(inputs=inputs, **values)


def _plain(name: str, value):
    """Values as `Request` holds them: a list of therapies, paths as `Path`, a dict."""
    if name == "therapies":
        return [value] if isinstance(value, str) else list(value)
    if name in PATH_OPTIONS and value is not None:
        return Path(value)
    if name == "thresholds":
        return dict(value or {})
    return value
