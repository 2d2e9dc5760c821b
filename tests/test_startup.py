"""What `annotate` loads: a command run per sample in pipelines starts many times, so the path
to a JSON report imports nothing it does not use (the start-up budget in benchmarks/README.md).
Each case runs the command line in a fresh process and lists the modules loaded at its end."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from helpers import EXAMPLE_PANEL, EXAMPLE_THERAPIES, EXAMPLE_VCF

#: libraries no `annotate` to JSON needs: tables, plots, page templates, PDF
NEVER = ("pandas", "matplotlib", "numpy", "jinja2", "weasyprint")
#: what a panel export (a TSV) does not need either: reading VCF/BAM, batches, serial reports
NOT_FOR_A_PANEL = ("pysam", "ctdna_resist.readers.vcf.read", "ctdna_resist.sheets",
                   "ctdna_resist.cohort", "ctdna_resist.model.serial", "ctdna_resist.timeline")

_RUN = """
import atexit, json, sys
watched = json.loads(sys.argv.pop(1))
atexit.register(lambda: print(json.dumps(sorted(m for m in watched if m in sys.modules)),
                              file=sys.stderr))
sys.argv[0] = "ctdna-resist"
from ctdna_resist.cli import main
main()
"""


def loaded(tmp_path, *args, watched) -> list[str]:
    out = tmp_path / "out.json"
    run = subprocess.run([sys.executable, "-c", _RUN, json.dumps(watched), "annotate", *args,
                          *EXAMPLE_THERAPIES, "-o", str(out)],
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    assert json.loads(out.read_text())["findings"]  # the command did its work
    return json.loads(run.stderr.strip().splitlines()[-1])


@pytest.mark.parametrize("given, watched", [
    (EXAMPLE_PANEL, NEVER + NOT_FOR_A_PANEL),
    (EXAMPLE_VCF, NEVER),
])
def test_annotate_to_json_imports_only_what_it_uses(given, watched, tmp_path):
    assert loaded(tmp_path, str(given), watched=list(watched)) == []


def test_the_check_sees_a_module_that_is_loaded(tmp_path):
    """The same run lists what it does load (so an empty list above means absent)."""
    assert loaded(tmp_path, str(EXAMPLE_VCF), watched=["pysam", "json"]) == ["json", "pysam"]
