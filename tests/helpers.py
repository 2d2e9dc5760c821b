"""Shared by the test modules: paths, CLI runners, and the accounting checks."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

ROOT = Path(__file__).resolve().parents[1]
TEST_DATA = ROOT / "test_data"
#: the project's shared sources (seed reviews), next to the checkout or to the folder of its
#: worktrees; users do not have it, and the tests that read it skip without it
SHARED = next((folder / "shared" for folder in ROOT.parents
               if (folder / "shared" / "seeds").is_dir()), ROOT.parent / "shared")
EXAMPLE_PANEL = TEST_DATA / "example_patient.panel.tsv"
EXAMPLE_VCF = TEST_DATA / "example_patient.vep.vcf.gz"
EXAMPLE_THERAPIES = ["--therapy", "erlotinib", "--therapy", "osimertinib"]
#: the user (nobody) the permission tests run the CLI as when the suite runs as root
UNPRIVILEGED_ID = 65534


def check_parts(data: dict) -> None:
    """Each accounting count matches the list it counts."""
    a = data["accounting"]
    assert isinstance(a["duplicates"], int) and a["duplicates"] >= 0
    assert a["findings"] == len(data["findings"])
    assert a["other"] == len(data["other_alterations"])
    assert a["skipped"] == sum(a["skipped_reasons"].values())


def assert_accounting(data: dict, counted: int, duplicates: int = 0) -> None:
    """`alterations` is what the input holds, counted by the test without the package's readers
    (counting.py), less the repeats merged into one; and findings + other + skipped +
    outside_kb_genes add up to it (DESIGN.md), so no alteration read is lost or counted twice."""
    check_parts(data)
    a = data["accounting"]
    assert a["duplicates"] == duplicates
    assert a["alterations"] == counted - duplicates, a
    assert a["findings"] + a["other"] + a["skipped"] + a["outside_kb_genes"] == \
        counted - duplicates, a


class Cli:
    def __init__(self) -> None:
        from ctdna_resist.cli import cli

        self.cli = cli
        self.runner = CliRunner()

    def __call__(self, *args: str | Path):
        return self.runner.invoke(self.cli, [str(a) for a in args], catch_exceptions=False)

    def annotate(self, *args: str | Path) -> dict:
        result = self("annotate", *args, "-o", "-")
        assert result.exit_code == 0, result.stderr or result.output
        data = json.loads(result.stdout)
        check_parts(data)
        return data


class Unprivileged:
    """`ctdna-resist` of this environment in a fresh process, as a user file modes apply to:
    uid/gid 65534 through setpriv when the tests run as root (root reads mode-000 files and
    writes into mode-555 folders), the current user otherwise. `folder` is a temporary folder
    that user can reach."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.command = [str(Path(sys.executable).parent / "ctdna-resist")]
        if os.geteuid() == 0:
            setpriv = shutil.which("setpriv")
            assert setpriv, "setpriv (Debian package util-linux) is needed to run as uid 65534"
            self.command[:0] = [setpriv, f"--reuid={UNPRIVILEGED_ID}",
                                f"--regid={UNPRIVILEGED_ID}", "--clear-groups"]

    def __call__(self, *args: str | Path) -> subprocess.CompletedProcess:
        return subprocess.run([*self.command, *map(str, args)], capture_output=True, text=True,
                              cwd=self.folder, env={**os.environ, "HOME": str(self.folder)},
                              timeout=120)
