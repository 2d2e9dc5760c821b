"""The library entry points: the same path for the command line, tests, notebooks and a
Snakemake `run:` block. Each returns a result and never exits.

- `annotate(request)`: one sample's inputs -> `Result` (findings, other alterations, accounting;
  as pandas tables too); `request` is a `Request`, or the inputs with its fields as keywords
- `report(request, outputs)`: annotate, then write HTML/PDF/JSON/TSV (complete or absent)
- `batch(sheet, outdir)`: every sample of a sample sheet, then the cohort summary
- `cohort_summary(reports, outdir)`: the cohort summary from per-sample JSON reports (or the
  outcome records `recording_outcome` writes, failed samples listed as such)
- `serial(sheet)`: one patient's time points, each alteration followed across them
"""

from ._batch import BatchResult, SampleOutcome, batch, cohort_summary, recording_outcome
from ._sample import Outputs, Request, annotate, files_read, load_kb, report
from ._serial import serial

__all__ = ["BatchResult", "Outputs", "Request", "SampleOutcome", "annotate", "batch",
           "cohort_summary", "files_read", "load_kb", "recording_outcome", "report", "serial"]
