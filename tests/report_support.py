"""Shared by the report tests: rendering through the CLI, the hostile fixture, and the rule for
system tools (Chromium, poppler): skip locally with the reason, fail in CI where `make test`
installs them."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from helpers import EXAMPLE_THERAPIES, EXAMPLE_VCF, ROOT, TEST_DATA

HOSTILE_VCF = TEST_DATA / "hostile_markup_in_sample_and_info.vcf"
#: what the hostile fixture carries in its sample name and VEP Consequence fields
SCRIPT = "<script>window.__ctdna_injected=1</script>"
IMAGE = "<img src=file:///etc/passwd>"
TEMPLATE = "{{ 7*7 }}"
HOSTILE_SAMPLE = f"PT666 {SCRIPT} {IMAGE} {TEMPLATE}"
EPOCH = "1700000000"  # 2023-11-14
ARTIFACTS = ROOT / "tests" / "artifacts"


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() in ("1", "true", "yes")


def require(condition: bool, reason: str) -> None:
    """A missing system tool fails the test in CI (make test installs it) and skips elsewhere."""
    if condition:
        return
    if in_ci():
        pytest.fail(f"{reason} (CI=true: `make test` installs it, so this is a failure)")
    pytest.skip(f"{reason}; `make test` installs it with apt-get when run as root")


def require_tool(name: str, package: str) -> str:
    path = shutil.which(name)
    require(path is not None, f"{name} not found (Debian package {package})")
    return path


def render(out: Path, *inputs: Path | str, options: tuple[str, ...] = (), pdf: bool = False,
           json: bool = True, fresh_process: bool = False) -> dict[str, Path]:
    """`ctdna-resist report` with SOURCE_DATE_EPOCH set; in a fresh process when the test is
    about what one run must share with another (determinism), in this one otherwise (fast)."""
    out.mkdir(parents=True, exist_ok=True)
    paths = {"html": out / "report.html"}
    args = ["report", *map(str, inputs or (EXAMPLE_VCF,)), *EXAMPLE_THERAPIES, *options,
            "--html", str(paths["html"])]
    if json:
        paths["json"] = out / "report.json"
        args += ["--json", str(paths["json"])]
    if pdf:
        paths["pdf"] = out / "report.pdf"
        args += ["--pdf", str(paths["pdf"])]
    if fresh_process:
        run = subprocess.run([sys.executable, "-m", "ctdna_resist.cli", *args],
                             capture_output=True, text=True,
                             env={**os.environ, "SOURCE_DATE_EPOCH": EPOCH})
        assert run.returncode == 0, run.stderr
    else:
        from click.testing import CliRunner

        from ctdna_resist.cli import cli

        result = CliRunner().invoke(cli, args, env={"SOURCE_DATE_EPOCH": EPOCH},
                                    catch_exceptions=False)
        assert result.exit_code == 0, result.output
    return paths


def pdf_text(pdf: Path, first: int | None = None, last: int | None = None) -> str:
    tool = require_tool("pdftotext", "poppler-utils")
    pages = [*(["-f", str(first)] if first else []), *(["-l", str(last)] if last else [])]
    return subprocess.run([tool, *pages, str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout
