"""ctdna-resist: which detected ctDNA alterations explain targeted-therapy resistance.

The library entry points, for notebooks and scripts (the command line calls the same ones):

    import ctdna_resist

    result = ctdna_resist.annotate("plasma.vcf.gz", therapies=["erlotinib", "osimertinib"])
    result.summary                 # the one-sentence answer
    result.findings_frame()        # pandas: one row per finding (also options_frame, other_frame)
    result.to_dict()               # the JSON report
    ctdna_resist.report("plasma.vcf.gz", therapies=["osimertinib"], html="report.html")
    cohort = ctdna_resist.batch("samples.tsv", "out")
    cohort.mechanisms_frame()      # samples x mechanisms

`annotate`, `report`, `batch`, `cohort_summary`, `serial`, `Request` and `Outputs` are those of
`ctdna_resist.api`, imported on first use, so `import ctdna_resist` (and the command line's
start) stays light.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .version import __version__

if TYPE_CHECKING:
    from .api import Outputs, Request, annotate, batch, cohort_summary, report, serial

__all__ = ["Outputs", "Request", "__version__", "annotate", "batch", "cohort_summary", "report",
           "serial"]
_API = frozenset(__all__) - {"__version__"}


def __getattr__(name: str):
    if name in _API:
        from . import api

        value = getattr(api, name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'ctdna_resist' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted({*globals(), *_API})
