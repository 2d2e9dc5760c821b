"""Every input fixture the repository ships, and every file of the corpus, has its expected
outcome (fixtures_table.py), run through `ctdna-resist annotate` in this process: read with its
accounting checked against an independent count of the input, refused with one line naming the
file, or refused as not an input. Cases that need more (a stream instead of a path, an index
made stale, what htslib writes to file descriptor 2, another command) run on copies in a
temporary folder, in a process of their own where the case needs one."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from fixtures_table import (
    FIFO,
    FIXTURES,
    PATH,
    PROCESS_SUBSTITUTION,
    NotAnInput,
    Reads,
    Refused,
    Run,
)
from helpers import ROOT, assert_accounting

FOLDERS = ("test_data", "tests/corpus")
CASES = [pytest.param(name, case, id=f"{name}[{i}]" if len(cases) > 1 else name,
                      marks=[pytest.mark.xfail(strict=True, reason=case.defect)]
                      if getattr(case, "defect", "") else [])
         for name, cases in FIXTURES.items() for i, case in enumerate(cases)]
#: the command line in a fresh process
COMMAND = [sys.executable, "-m", "ctdna_resist.cli"]
DAY = 86400


def test_the_table_names_every_file_and_no_other():
    on_disk = {str(path.relative_to(ROOT)) for folder in FOLDERS
               for path in (ROOT / folder).rglob("*") if path.is_file()}
    assert sorted(on_disk - set(FIXTURES)) == [], "files without an expected outcome"
    assert sorted(set(FIXTURES) - on_disk) == [], "the table names files that do not exist"


def _annotate(cli, name: str, options: tuple[str, ...]):
    return cli("annotate", ROOT / name, "--therapy", "Tagrisso", *options, "-o", "-")


def _one_line(result, prefix: str) -> str:
    """What the single stderr line says after `prefix`."""
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert result.stderr.endswith("\n") and not result.stderr.endswith("\n\n"), result.stderr
    assert lines[0].startswith(prefix), lines[0]
    return lines[0][len(prefix):]


def _one_line_naming(result, path) -> str:
    return _one_line(result, f"ctdna-resist: error: {path}")


class Finished:
    """A finished process, with the attributes of click's test result."""

    def __init__(self, done: subprocess.CompletedProcess):
        self.exit_code, self.stdout, self.stderr = done.returncode, done.stdout, done.stderr
        self.output = done.stdout + done.stderr


def _in_process_of_its_own(*args: str | Path, cwd: Path | None = None) -> Finished:
    return Finished(subprocess.run([*COMMAND, *map(str, args)], capture_output=True, text=True,
                                   timeout=120, cwd=cwd))


def _copies(name: str, folder: Path) -> Path:
    """Copy the file and the files of its folder named like it (the same name up to the
    first dot: its index, the inputs a sheet names) into `folder`; the copy of the file."""
    source = ROOT / name
    stem = source.name.split(".")[0]
    for path in source.parent.iterdir():
        if path.is_file() and path.name.split(".")[0] == stem:
            shutil.copy2(path, folder / path.name)
    return folder / source.name


def _streamed(path: Path, via: str, options: tuple[str, ...], folder: Path) -> Finished:
    """annotate reading `path` through a named pipe or bash process substitution."""
    args = ["annotate", "--therapy", "Tagrisso", *options, "-o", "-"]
    if via == PROCESS_SUBSTITUTION:
        script = 'exec "$@" <(cat "$INPUT")'
        return Finished(subprocess.run(
            ["bash", "-c", script, "bash", *COMMAND, *args], capture_output=True, text=True,
            timeout=120, env={**os.environ, "INPUT": str(path)}))
    assert via == FIFO
    fifo = folder / "pipe"
    os.mkfifo(fifo)
    writer = threading.Thread(target=lambda: fifo.write_bytes(path.read_bytes()), daemon=True)
    writer.start()
    try:
        return _in_process_of_its_own(*args[:1], fifo, *args[1:])
    finally:
        if writer.is_alive():  # the command never opened the pipe: let the writer finish
            with open(fifo, "rb") as fh:
                fh.read()
        writer.join(timeout=10)


def _reads(cli, name: str, case: Reads, folder: Path) -> None:
    path = ROOT / name
    if case.via == PATH and not case.older and case.own_process:
        result = _in_process_of_its_own("annotate", path, "--therapy", "Tagrisso",
                                        *case.options, "-o", "-")
    elif case.via == PATH and not case.older:
        result = _annotate(cli, name, case.options)
    else:
        copy = _copies(name, folder)
        for suffix in case.older:
            older = copy.with_name(copy.name + suffix)
            then = copy.stat().st_mtime - DAY
            os.utime(older, (then, then))
        if case.via != PATH:
            result = _streamed(copy, case.via, case.options, folder)
        elif case.own_process:
            result = _in_process_of_its_own("annotate", copy, "--therapy", "Tagrisso",
                                            *case.options, "-o", "-")
        else:
            result = cli("annotate", copy, "--therapy", "Tagrisso", *case.options, "-o", "-")
    assert result.exit_code == 0, result.stderr
    assert result.stderr == "", result.stderr  # nothing from htslib either
    data = json.loads(result.stdout)
    counted = case.count if isinstance(case.count, int) else case.count(path)
    assert_accounting(data, counted, case.duplicates)
    if case.findings is not None:
        assert {(f["gene"], f["alteration"]) for f in data["findings"]} == case.findings
    if case.records is not None:
        records = case.records if isinstance(case.records, int) else case.records(path)
        assert data["accounting"]["input_records"] == records
    notes = data["sample"]["input_metadata"]
    if case.note:
        assert any(case.note in note for note in notes.values()), notes
    else:  # an index beside the file is used (VCF)
        assert "index" not in notes, notes


def _run(cli, name: str, case: Run, folder: Path) -> None:
    copy = _copies(name, folder)
    (folder / "sub").mkdir()
    (folder / "link").symlink_to(copy)
    before = {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()}
    args = [a.format(input=copy, dir=folder, name=copy.name) for a in case.args]
    result = cli(*args)
    assert result.exit_code == case.exit_code, result.output
    assert "Traceback" not in result.stderr
    if case.exit_code == 2:
        assert case.message in _one_line(result, "ctdna-resist: error: "), result.stderr
    for file, content in before.items():
        assert (folder / file).read_bytes() == content, f"{file} was changed"
    for file, text in case.writes:
        assert text in (folder / file).read_text(encoding="utf-8"), file
    for file in case.absent:
        assert not (folder / file).exists(), f"{file} was left behind"
    assert [p.name for p in folder.rglob("*.part")] == []


@pytest.mark.parametrize("name,case", CASES)
def test_fixture_outcome(cli, name, case, tmp_path):
    path = ROOT / name
    if isinstance(case, Reads):
        _reads(cli, name, case, tmp_path)
    elif isinstance(case, Run):
        _run(cli, name, case, tmp_path)
    elif isinstance(case, Refused):
        if case.own_process:
            result = _in_process_of_its_own("annotate", path, "--therapy", "Tagrisso",
                                            *case.options, "-o", "-")
        else:
            result = _annotate(cli, name, case.options)
        assert case.message in _one_line_naming(result, path)
    else:
        assert isinstance(case, NotAnInput) and case.reason
        result = _annotate(cli, name, ())
        assert _one_line_naming(result, path).startswith(": format not recognised")
