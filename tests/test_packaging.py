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


#: import name -> distribution name, where they differ
DISTRIBUTIONS = {"yaml": "pyyaml"}


def test_declared_dependencies_are_exactly_the_third_party_imports():
    """A declared runtime dependency is one the code imports, and every third-party module the
    code imports is declared (pandas as the notebook extra): no silent, unused requirement."""
    import ast
    import re
    import tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]

    def names(requirements):
        return {re.split(r"[<>=!~\[ ;]", r, maxsplit=1)[0].lower() for r in requirements}

    declared = names(project["dependencies"])
    optional = names(project["optional-dependencies"]["notebook"])
    imported = set()
    for path in (ROOT / "src" / "ctdna_resist").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Import):
                imported.update(a.name.split(".")[0] for a in node.names)
            elif isinstance(node, ast.ImportFrom) and not node.level and node.module:
                imported.add(node.module.split(".")[0])
    third_party = {DISTRIBUTIONS.get(n, n) for n in imported
                   if n not in sys.stdlib_module_names and n != "ctdna_resist"}
    assert third_party == declared | optional
    assert not declared & optional
