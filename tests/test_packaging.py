"""An installed wheel carries the knowledge base and templates and works from any directory."""

import json
import subprocess
import sys
import zipfile

import pytest

from helpers import EXAMPLE_PANEL, ROOT


@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out),
                    str(ROOT)], check=True, capture_output=True)
    return next(out.glob("ctdna_resist-*.whl"))


def test_wheel_ships_knowledge_base_and_templates(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    assert "ctdna_resist/annotations/resistance.tsv" in names
    assert "ctdna_resist/annotations/VERSION" in names
    assert "ctdna_resist/templates/report.html.j2" in names


def test_installed_wheel_runs_from_another_directory(wheel, tmp_path):
    target = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target",
                    str(target), str(wheel)], check=True, capture_output=True)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    code = ("import sys; sys.argv = ['ctdna-resist', 'report', sys.argv[1], '--therapy', "
            "'osimertinib', '--html', 'r.html', '--json', 'r.json']; "
            "from ctdna_resist.cli import main; main()")
    run = subprocess.run([sys.executable, "-c", code, str(EXAMPLE_PANEL)], cwd=elsewhere,
                         env={"PYTHONPATH": str(target), "PATH": "/usr/bin:/bin"},
                         capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    data = json.loads((elsewhere / "r.json").read_text())
    assert data["knowledge_base"]["entries"] > 0
    assert str(target) in subprocess.run(
        [sys.executable, "-c", "import ctdna_resist.resources as r; "
         "print(r.data_dir('annotations'))"], cwd=elsewhere, env={"PYTHONPATH": str(target)},
        capture_output=True, text=True).stdout
    assert "MET amplification" in (elsewhere / "r.html").read_text()
