"""The library entry points: the same path for the command line, tests, notebooks and a
Snakemake `run:` block. Each returns a result and never exits.

- `annotate(request)`: one sample's inputs -> `Result` (findings, other alterations, accounting;
  as pandas tables too); `request` is a `Request`, or the inputs with its fields as keywords
- `report(request, outputs)`: annotate, then write HTML/PDF/JSON/TSV (complete or absent)
- `batch(sheet, outdir)`: every sample of a sample sheet, then the cohort summary
- `cohort_summary(reports, outdir)`: the cohort summary from per-sample JSON reports (or the
  outcome records `recording_outcome` writes, failed samples listed as such)
- `serial(sheet)`: one patient's time points, each alteration followed across them

Each name is imported from its module on first use, so one sample's `annotate` does not load
what batches and serial reports need (sample sheets, the cohort summary, serial models).
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ._batch import BatchResult, SampleOutcome, batch, cohort_summary, recording_outcome
    from ._sample import Outputs, Request, annotate, files_read, load_kb, report
    from ._serial import serial

_MODULES = {
    "BatchResult": "_batch", "SampleOutcome": "_batch", "batch": "_batch",
    "cohort_summary": "_batch", "recording_outcome": "_batch", "Outputs": "_sample",
    "Request": "_sample", "annotate": "_sample", "files_read": "_sample", "load_kb": "_sample",
    "report": "_sample",
    "serial": "_serial",
}
__all__ = ["BatchResult", "Outputs", "Request", "SampleOutcome", "annotate", "batch",
           "cohort_summary", "files_read", "load_kb", "recording_outcome", "report", "serial"]


def __getattr__(name: str):
    module = _MODULES.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_MODULES})
