"""Timing whole processes: wall time, peak memory, and pairs run alternately.

- `run(command)`: wall seconds from just before the process is started until it is reaped, and
  its peak resident set (`ru_maxrss` of `os.wait4`: the largest of the process and the
  descendants it waited for). With `tree=True` the summed resident set of the process and all
  its descendants is also sampled every 50 ms (for `batch`, whose workers run side by side).
- `series(a, runs)`: one warm-up run (inputs into the page cache, `.pyc` files written), then
  `runs` counted runs.
- `pairs(a, b, runs)`: a warm-up of each, then A B A B ...: the ratio A/B is taken pair by pair,
  so load that drifts during the series affects both sides of a pair alike.
- `startup(command, input)`: seconds from process start until the command opens its input,
  told by an audit hook (`sys.addaudithook`, event `open`) in the child, on the system-wide
  monotonic clock; what the command does before reading (interpreter, imports, option parsing,
  knowledge-base load) is all inside.

The commands run without `PYTHONDONTWRITEBYTECODE` (removed from their environment when set,
see `CHILD_ENV`): as after a normal install, modules are compiled once, in the warm-up, not on
every run.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

#: what the commands run with: this environment without PYTHONDONTWRITEBYTECODE
REMOVED_ENV = [name for name in ("PYTHONDONTWRITEBYTECODE",) if name in os.environ]
CHILD_ENV = {k: v for k, v in os.environ.items() if k not in REMOVED_ENV}


@dataclass
class Run:
    wall: float  # seconds
    peak_mb: float  # largest resident set of one process
    tree_mb: float | None = None  # largest summed resident set of the process tree


@dataclass
class Series:
    runs: list[Run] = field(default_factory=list)

    @property
    def walls(self) -> list[float]:
        return [r.wall for r in self.runs]

    @property
    def median(self) -> float:
        return statistics.median(self.walls)

    @property
    def low(self) -> float:
        return min(self.walls)

    @property
    def high(self) -> float:
        return max(self.walls)

    @property
    def process_peak_mb(self) -> float:
        return max(r.peak_mb for r in self.runs)

    @property
    def tree_peak_mb(self) -> float | None:
        trees = [r.tree_mb for r in self.runs if r.tree_mb is not None]
        return max(trees) if trees else None

    @property
    def peak_mb(self) -> float:
        """The larger of the two: what the command needs."""
        return max(self.process_peak_mb, self.tree_peak_mb or 0)


@dataclass
class Pairs:
    a: Series
    b: Series

    @property
    def ratios(self) -> list[float]:
        return [x.wall / y.wall for x, y in zip(self.a.runs, self.b.runs, strict=True)]


class CommandFailed(Exception):
    pass


def _tree_rss_kb(pid: int) -> int:
    """Summed VmRSS of pid and its descendants (Linux /proc); 0 where unreadable."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as fh:
                    ppid = int(fh.read().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(entry))
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        todo += children.get(p, [])
        try:
            with open(f"/proc/{p}/status") as fh:
                total += next((int(line.split()[1]) for line in fh
                               if line.startswith("VmRSS:")), 0)
        except OSError:
            pass
    return total


def run(command: list[str], tree: bool = False) -> Run:
    started = time.perf_counter()
    with open(os.devnull, "wb") as null:
        proc = subprocess.Popen(command, stdout=null, stderr=subprocess.PIPE, env=CHILD_ENV)
    tree_kb = [0]
    done = threading.Event()

    def sample() -> None:
        while not done.wait(0.05):
            tree_kb[0] = max(tree_kb[0], _tree_rss_kb(proc.pid))

    sampler = threading.Thread(target=sample, daemon=True) if tree else None
    if sampler:
        sampler.start()
    stderr = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - started
    done.set()
    if sampler:
        sampler.join()
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise CommandFailed(f"exit {proc.returncode}: {' '.join(command)}\n"
                            f"{stderr.decode(errors='replace')[-2000:]}")
    return Run(wall=wall, peak_mb=usage.ru_maxrss / 1024,
               tree_mb=tree_kb[0] / 1024 if tree else None)


def series(command: list[str], runs: int, tree: bool = False) -> Series:
    run(command, tree)
    return Series([run(command, tree) for _ in range(runs)])


def pairs(a: list[str], b: list[str], runs: int) -> Pairs:
    run(a)
    run(b)
    result = Pairs(Series(), Series())
    for _ in range(runs):
        result.a.runs.append(run(a))
        result.b.runs.append(run(b))
    return result


#: runs the CLI's `main` with an audit hook that reports, when the input is first opened, the
#: monotonic clock then, when the hook was installed and when the CLI module had been imported
_HOOK = r"""
import os, sys, time
stamps = [time.monotonic_ns()]
target, fd = os.path.realpath(sys.argv[1]), int(sys.argv[2])
name = os.path.basename(target)
def hook(event, args):
    global target
    if event == "open" and target and isinstance(args[0], str) and args[0].endswith(name) \
            and os.path.realpath(args[0]) == target:
        stamps.append(time.monotonic_ns())
        os.write(fd, " ".join(map(str, stamps)).encode())
        os.close(fd)
        target = None
sys.addaudithook(hook)
sys.argv = ["ctdna-resist", *sys.argv[3:]]
from ctdna_resist.cli import main
stamps.append(time.monotonic_ns())
main()
"""


@dataclass
class Startup:
    total: float  # process start -> input opened, s
    interpreter: float  # process start -> first line of the program
    cli_import: float  # importing ctdna_resist.cli (click and what it imports at top level)
    command: float  # the command's own work before reading: lazy imports, options, KB load


def startup(python: str, input_path: Path, arguments: list[str]) -> Startup:
    """How long `ctdna-resist ARGUMENTS` runs before it first opens input_path."""
    read_end, write_end = os.pipe()
    command = [python, "-c", _HOOK, str(input_path), str(write_end), *arguments]
    started = time.monotonic_ns()
    with open(os.devnull, "wb") as null:
        proc = subprocess.Popen(command, stdout=null, stderr=subprocess.PIPE,
                                pass_fds=(write_end,), env=CHILD_ENV)
    os.close(write_end)
    with os.fdopen(read_end, "rb") as pipe:
        stamps = pipe.read().split()
    stderr = proc.stderr.read()
    if proc.wait() != 0 or len(stamps) != 3:
        raise CommandFailed(f"startup probe failed (exit {proc.returncode}): "
                            f"{stderr.decode(errors='replace')[-2000:]}")
    hooked, imported, opened = (int(s) for s in stamps)
    return Startup(total=(opened - started) / 1e9, interpreter=(hooked - started) / 1e9,
                   cli_import=(imported - hooked) / 1e9, command=(opened - imported) / 1e9)


def startup_pairs(python: str, input_path: Path, arguments: list[str],
                  runs: int) -> tuple[Pairs, list[Startup]]:
    """A = time to the input's open, B = `python -c pass`, alternated."""
    floor = [python, "-c", "pass"]
    startup(python, input_path, arguments)
    run(floor)
    result, parts = Pairs(Series(), Series()), []
    for _ in range(runs):
        parts.append(startup(python, input_path, arguments))
        result.a.runs.append(Run(wall=parts[-1].total, peak_mb=0))
        result.b.runs.append(run(floor))
    return result, parts


def importtime(python: str, arguments: list[str]) -> tuple[float, list[tuple[str, float]]]:
    """(sum of self import times, s; top-level imports by cumulative time, s) of one run of
    `ctdna-resist ARGUMENTS` under `python -X importtime`."""
    command = [python, "-X", "importtime", "-c",
               "import sys; from ctdna_resist.cli import main; "
               "sys.argv = ['ctdna-resist', *sys.argv[1:]]; main()", *arguments]
    proc = subprocess.run(command, capture_output=True, text=True, env=CHILD_ENV)
    if proc.returncode != 0:
        raise CommandFailed(proc.stderr[-2000:])
    total, top = 0, []
    for line in proc.stderr.splitlines():
        if not line.startswith("import time:") or "[us]" in line:
            continue
        self_us, cumulative_us, name = line[len("import time:"):].split("|")
        total += int(self_us)
        if len(name) - len(name.lstrip(" ")) <= 1:  # imported by the program, not a module
            top.append((name.strip(), int(cumulative_us) / 1e6))
    top.sort(key=lambda item: -item[1])
    return total / 1e6, top
