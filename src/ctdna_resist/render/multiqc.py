"""MultiQC custom-content files for a cohort, so `multiqc OUTDIR` shows a ctdna-resist section.

MultiQC finds files named `*_mqc.tsv` / `*_mqc.yaml` without configuration; each carries its own
section configuration (MultiQC's "Custom Content" documentation):

- `ctdna_resist_general_stats_mqc.tsv`: a row per reported sample in MultiQC's General
  Statistics table (configuration in `#` header lines, `plot_type: generalstats`): findings,
  leading mechanism, tumour fraction and driver VAF (percentages).
- `ctdna_resist_mechanisms_mqc.yaml`: a bar plot, one bar per resistance mechanism, stacked by
  assessed therapy: how many samples count for it (the cohort summary's counts).

The YAML is written here (no YAML library at run time): keys and strings as JSON strings,
which YAML reads as double-quoted scalars.
"""

from __future__ import annotations

import json
import re

from ..model import CohortSummary
from ..words import counted

PLAIN_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
#: plain words YAML 1.1 reads as booleans or null
YAML_WORDS = {"y", "n", "yes", "no", "true", "false", "on", "off", "null"}
GENERAL_STATS_NAME = "ctdna_resist_general_stats_mqc.tsv"
MECHANISMS_NAME = "ctdna_resist_mechanisms_mqc.yaml"
COUNTED = ("counted when the report has a finding documented as resistance to the therapy the "
           "sample was assessed against")
#: General Statistics columns: (key, MultiQC header configuration)
COLUMNS = [
    ("findings", {"title": "Findings", "description": "ctdna-resist: resistance findings in the "
                  "sample's report (any therapy)", "format": "{:,.0f}", "min": 0,
                  "scale": "Oranges"}),
    ("leading_mechanism", {"title": "Leading mechanism", "description": "ctdna-resist: the "
                           "first-ranked mechanism documented as resistance to the assessed "
                           "therapy"}),
    ("tumor_fraction", {"title": "Tumour fraction", "description": "ctdna-resist: tumour "
                        "fraction of the plasma sample (given, from the input or estimated; "
                        "see the sample's report)", "suffix": "%", "min": 0, "max": 100,
                        "format": "{:,.1f}", "scale": "Blues"}),
    ("driver_vaf", {"title": "Driver VAF", "description": "ctdna-resist: variant allele "
                    "fraction of the sensitising driver", "suffix": "%", "min": 0, "max": 100,
                    "format": "{:,.1f}", "scale": "Purples"}),
]


def scalar(value) -> str:
    """A YAML scalar: JSON's spelling of strings and numbers is valid YAML."""
    return json.dumps(value, ensure_ascii=False)


def key(name: str) -> str:
    """A mapping key: bare when it is a plain identifier YAML reads as a string, else quoted."""
    bare = PLAIN_KEY.fullmatch(name) and name.lower() not in YAML_WORDS
    return name if bare else scalar(name)


def yaml_lines(value, indent: int = 0) -> list[str]:
    """Block YAML for nested dicts and lists of scalars (all this module writes)."""
    pad = " " * indent
    lines = []
    if isinstance(value, dict):
        for name, item in value.items():
            if isinstance(item, dict | list) and item:
                lines += [f"{pad}{key(name)}:", *yaml_lines(item, indent + 2)]
            else:
                lines.append(f"{pad}{key(name)}: {scalar(item)}")
    else:
        for item in value:
            if isinstance(item, dict):
                first, *rest = yaml_lines(item, indent + 2)
                lines += [f"{pad}- {first.lstrip()}", *rest]
            else:
                lines.append(f"{pad}- {scalar(item)}")
    return lines


def percent(fraction: float | None) -> str:
    return "" if fraction is None else f"{fraction * 100:.2f}".rstrip("0").rstrip(".")


def cell(text: str) -> str:
    """A TSV cell MultiQC reads as text (quoted: a name like '01' stays a name)."""
    return '"' + text.replace('"', "'").replace("\t", " ") + '"'


def render_general_stats(records: list[dict], failures: list[tuple[str, str]]) -> str:
    """A row per sample; a failed sample's row says so (its reason is in the cohort summary)."""
    config = {"id": "ctdna_resist", "section_name": "ctdna-resist", "plot_type": "generalstats",
              "pconfig": [{name: header} for name, header in COLUMNS]}
    lines = [f"# {line}" for line in yaml_lines(config)]
    lines.append("\t".join(["Sample", *(name for name, _ in COLUMNS)]))
    for record in records:
        leading = record["mechanisms"][0] if record["mechanisms"] else None
        label = f"{leading['gene']} {leading['alteration']}" if leading else "none documented"
        lines.append("\t".join([cell(record["sample"]), str(record["findings"]), cell(label),
                                percent(record["tumor_fraction"]),
                                percent(record["driver_vaf"])]))
    for sample, _ in failures:
        lines.append("\t".join([cell(sample), "", cell("not reported (failed)"), "", ""]))
    return "\n".join(lines) + "\n"


def render_mechanisms_plot(summary: CohortSummary) -> str:
    data: dict[str, dict[str, int]] = {}
    for row in summary.rows:
        data.setdefault(row.mechanism, {})[row.therapy] = len(row.samples)
    not_reported = (f" {counted(len(summary.failures), 'sample')} failed and "
                    f"{'is' if len(summary.failures) == 1 else 'are'} not counted."
                    if summary.failures else "")
    config = {
        "id": "ctdna_resist_mechanisms",
        "section_name": "ctdna-resist: resistance mechanisms",
        "description": (f"Samples per resistance mechanism, by the therapy each sample was "
                        f"assessed against ({len(summary.samples)} samples reported; a sample "
                        f"is {COUNTED}).{not_reported} Details in cohort_summary.html."),
        "plot_type": "bargraph",
        "pconfig": {"id": "ctdna_resist_mechanisms_plot",
                    "title": "ctdna-resist: samples per resistance mechanism",
                    "ylab": "Samples", "cpswitch": False},
        "data": data,
    }
    return "\n".join(yaml_lines(config)) + "\n"
