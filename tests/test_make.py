"""`make demo` and `make test` install the package only when the project's packaging changed
(pyproject.toml) or the virtual environment is new: the install took 12 s on every run."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from helpers import ROOT


def planned(venv: Path, target: str) -> list[str]:
    """The commands `make TARGET` would run (dry run) with `venv` as the environment."""
    make = shutil.which("make")
    if make is None:
        pytest.skip("make is not installed")
    run = subprocess.run([make, "-n", f"VENV={venv}", target], cwd=ROOT, capture_output=True,
                         text=True, check=True)
    return run.stdout.splitlines()


def installs(lines: list[str]) -> list[str]:
    return [line for line in lines if " pip " in line and " install " in line]


@pytest.mark.parametrize("target,extra", [("demo", "-e ."), ("test", "-e '.[test]'")])
def test_install_runs_only_when_pyproject_is_newer_than_the_last_install(tmp_path, target,
                                                                         extra):
    venv = tmp_path / "venv"
    (venv / "bin").mkdir(parents=True)
    (venv / "bin" / "python").symlink_to(sys.executable)
    # a new environment: installed
    assert [line.endswith(extra) for line in installs(planned(venv, target))] == [True]

    stamp = venv / (".installed" if target == "demo" else ".installed-test")
    stamp.touch()
    newer = (ROOT / "pyproject.toml").stat().st_mtime + 60
    os.utime(stamp, (newer, newer))
    lines = planned(venv, target)
    assert installs(lines) == [], lines  # nothing changed: not reinstalled
    if target == "demo":
        assert any("ctdna-resist report" in line for line in lines)

    older = (ROOT / "pyproject.toml").stat().st_mtime - 60
    os.utime(stamp, (older, older))
    assert len(installs(planned(venv, target))) == 1  # pyproject.toml changed since


def test_a_test_install_counts_for_the_demo(tmp_path):
    venv = tmp_path / "venv"
    (venv / "bin").mkdir(parents=True)
    (venv / "bin" / "python").symlink_to(sys.executable)
    recipe = planned(venv, "test")
    assert any(line.startswith("touch ") and f"{venv}/.installed" in line.split()
               for line in recipe), recipe
