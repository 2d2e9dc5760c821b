"""RESULTS.md: the machine, the method, each figure as median (min-max) of N runs with its floor
and ratio from the same run, the start-up budget, the matching scaling, and a table of named
figures that README statements are checked against (figures.py reads it back)."""

from __future__ import annotations

import math
import os
import platform
import statistics
import subprocess
import sys
from datetime import UTC, datetime
from importlib import metadata

from genemodel import ROOT, kb_size
from measure import REMOVED_ENV

PACKAGES = ("ctdna-resist", "click", "jinja2", "pysam", "cyvcf2", "numpy", "weasyprint",
            "defusedxml")
STARTUP_TARGET = 0.12
MEMORY_TARGET = 300


def load_average() -> str:
    return " / ".join(f"{x:.2f}" for x in os.getloadavg())


def _first_line(command: list[str]) -> str:
    try:
        out = subprocess.run(command, capture_output=True, text=True, cwd=ROOT)
    except OSError:
        return ""
    return out.stdout.strip().splitlines()[0] if out.stdout.strip() else ""


def machine(bcftools: str | None) -> dict[str, str]:
    info = dict(line.split(":", 1) for line in open("/proc/cpuinfo").read().split("\n\n")[0]
                .splitlines() if ":" in line)
    info = {k.strip(): v.strip() for k, v in info.items()}
    cpu = f"{info.get('model name', platform.processor())} (family {info.get('cpu family')}, " \
          f"model {info.get('model')}" + \
          (", virtual machine)" if "hypervisor" in info.get("flags", "").split() else ")")
    mem_kb = next(int(line.split()[1]) for line in open("/proc/meminfo")
                  if line.startswith("MemTotal"))
    os_name = next((line.split("=", 1)[1].strip().strip('"') for line in open("/etc/os-release")
                    if line.startswith("PRETTY_NAME=")), platform.system())
    versions = []
    for name in PACKAGES:
        try:
            versions.append(f"{name} {metadata.version(name)}")
        except metadata.PackageNotFoundError:
            versions.append(f"{name} (not installed)")
    if bcftools:
        versions.append(_first_line([bcftools, "--version"]))
    dirty = _first_line(["git", "status", "--porcelain", "--untracked-files=no", "--", "src",
                         "annotations", "templates", "pyproject.toml"])
    commit = _first_line(["git", "rev-parse", "--short", "HEAD"]) + \
        (" (with uncommitted changes to the package)" if dirty else "")
    return {"date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"), "cpu": cpu,
            "cores": str(os.cpu_count()), "ram": f"{mem_kb / 1024 ** 2:.1f} GiB",
            "os": f"{os_name}, Linux {platform.release()}",
            "python": sys.version.split()[0], "packages": ", ".join(versions),
            "commit": commit, "load_start": load_average()}


def sec(x: float) -> str:
    """Seconds to three significant figures: 0.324, 7.93, 13.4, 78.0."""
    return f"{x:.3f}" if x < 1 else f"{x:.2f}" if x < 10 else f"{x:.1f}" if x < 100 else \
        f"{x:.0f}"


def verdict(met: bool, quick: bool) -> str:
    return "n/a (quick run)" if quick else "yes" if met else "**no**"


def spread(values: list[float], unit: str = " s") -> str:
    fmt = sec if unit == " s" else (lambda v: f"{v:.2f}")
    return f"{fmt(statistics.median(values))}{unit} ({fmt(min(values))}–{fmt(max(values))})"


class Writer:
    def __init__(self, results, machine_info: dict[str, str], elapsed: float):
        self.results, self.machine, self.elapsed = results, machine_info, elapsed
        self.lines: list[str] = []
        self.figures: list[tuple[str, str, str, str]] = []  # name, value, unit, meaning

    def add(self, *lines: str) -> None:
        self.lines.extend(lines)

    def figure(self, name: str, value: str, unit: str, meaning: str) -> None:
        self.figures.append((name, value, unit, meaning))

    def header(self) -> None:
        m, plan = self.machine, self.results.plan
        self.add("# Benchmark results", "",
                 "Written by `make bench` (`benchmarks/bench.py`); do not edit by hand. "
                 + ("**Quick run** (`QUICK=1`): fewer runs and smaller inputs than the targets "
                    "name; not a verdict. " if plan.quick else "")
                 + "How the figures are taken, and what each input is: `benchmarks/README.md`.",
                 "", "| | |", "| --- | --- |",
                 f"| date | {m['date']} (the run took {self.elapsed / 60:.0f} min) |",
                 f"| CPU | {m['cpu']}, {m['cores']} cores |", f"| RAM | {m['ram']} |",
                 f"| OS | {m['os']} |", f"| Python | {m['python']} |",
                 f"| packages | {m['packages']} |", f"| ctdna-resist commit | {m['commit']} |",
                 f"| load average (1/5/15 min) | at start {m['load_start']}; at end "
                 f"{m['load_end']} |", "",
                 "Each figure is a whole process (start-up included, output written to a file "
                 "under `benchmarks/data/out/`), inputs in the page cache: one warm-up run, then "
                 "N counted runs, **median (min–max)**. Where a floor is given, the command and "
                 "its floor ran alternately in this run (A B A B …, after one warm-up of each) "
                 "and the ratio is the median (min–max) of the per-pair ratios. Peak memory is "
                 "the largest resident set of one process (`wait4`), and for `batch` also the "
                 "summed resident set of all its processes, sampled every 50 ms."
                 + (f" `{'`, `'.join(REMOVED_ENV)}` was set in the environment of `make bench`"
                    " and is removed for the measured commands, so that, as after a normal "
                    "install, modules are compiled once (in the warm-up) and not on every run."
                    if REMOVED_ENV else ""), "")

    def targets(self) -> None:
        self.add("## Targets", "",
                 "| what | target | N | ctdna-resist, median (min–max) | floor (same run) | "
                 "floor, median (min–max) | ratio, median (min–max) | peak MB | met |",
                 "| --- | --- | --- | --- | --- | --- | --- | --- | --- |")
        for row in self.results.rows:
            value = statistics.median(row.ratios) if row.by_ratio else row.measured.median
            met = value <= row.limit
            floor = spread(row.floor.walls) if row.floor else "—"
            ratio = spread(row.ratios, "x") if row.ratios else "—"
            peak = f"{row.measured.peak_mb:.0f}"
            if row.measured.tree_peak_mb is not None:
                peak += f" (all processes; one process {row.measured.process_peak_mb:.0f})"
            self.add(f"| {row.what} | {row.target} | {len(row.measured.runs)} | "
                     f"{spread(row.measured.walls)} | {row.floor_label or '—'} | {floor} | "
                     f"{ratio} | {peak} | {verdict(met, self.results.plan.quick)} |")
            self.figure(f"{row.name}_s", sec(row.measured.median), "s", row.what)
            if row.floor:
                self.figure(f"{row.name}_floor_s", sec(row.floor.median), "s", row.floor_label)
                self.figure(f"{row.name}_ratio", f"{statistics.median(row.ratios):.2f}", "x",
                            f"{row.what}: ratio to {row.floor_label}")
            self.figure(f"{row.name}_peak_mb", f"{row.measured.peak_mb:.0f}", "MB",
                        f"peak memory, {row.what}")
        peaks = [(r.measured.peak_mb, r.what) for r in self.results.rows]
        if peaks:
            top, where = max(peaks)
            met = verdict(top <= MEMORY_TARGET, self.results.plan.quick)
            self.add(f"| peak memory, any of the above | <= {MEMORY_TARGET} MB | | {top:.0f} MB "
                     f"({where}) | | | | {top:.0f} | {met} |")
            self.figure("peak_mb", f"{top:.0f}", "MB", "peak memory, the largest of the rows")
        for note in self.results.skipped:
            self.add("", f"Not measured: {note}.")
        self.add("")

    def commands(self) -> None:
        self.add("Commands (from the repository root; `benchmarks/data/` holds the generated "
                 "inputs):", "")
        for row in self.results.rows:
            self.add(f"- {row.what}: `{row.command}`"
                     + (f"; floor: `{row.floor_command}`" if row.floor_command else ""))
        self.add("")

    def startup(self) -> None:
        pairs, parts = self.results.startup, self.results.startup_parts
        if pairs is None:
            return
        row = next((r for r in self.results.rows if r.name == "small_panel"), None)
        met = pairs.a.median <= STARTUP_TARGET
        self.add("## Start-up budget", "",
                 "Time from starting `ctdna-resist annotate` on the small panel until it opens "
                 "the input file (an audit hook on `open` in the process, on the system-wide "
                 "monotonic clock): interpreter, imports, option parsing and knowledge-base "
                 "load.", "",
                 "| what | target | N | median (min–max) | floor (same run) | floor, median "
                 "(min–max) | ratio, median (min–max) | met |",
                 "| --- | --- | --- | --- | --- | --- | --- | --- |",
                 f"| before reading the input | <= {STARTUP_TARGET} s | {len(pairs.a.runs)} | "
                 f"{spread(pairs.a.walls)} | `python -c pass` | {spread(pairs.b.walls)} | "
                 f"{spread(pairs.ratios, 'x')} | {verdict(met, self.results.plan.quick)} |", "")
        self.figure("startup_s", sec(pairs.a.median), "s", "annotate: time before reading "
                    "the input")
        self.figure("python_startup_s", sec(pairs.b.median), "s", "`python -c pass`")
        share = {name: statistics.median(getattr(p, name) for p in parts)
                 for name in ("interpreter", "cli_import", "command")}
        self.add("Of it (medians): interpreter start "
                 f"{sec(share['interpreter'])} s; importing `ctdna_resist.cli` "
                 f"{sec(share['cli_import'])} s; the command's work before opening the input "
                 f"(its own imports, options, knowledge-base load) {sec(share['command'])} s."
                 + (f" The whole small-panel run takes {sec(row.measured.median)} s."
                    if row else ""), "")
        if self.results.importtime:
            total, top = self.results.importtime
            listed = "; ".join(f"`{name}` {sec(t)} s" for name, t in top[:8])
            self.add(f"`python -X importtime` (the same command; the run with the smallest "
                     f"total of 5; its bookkeeping inflates the figures): imports take "
                     f"{sec(total)} s in all. Largest imports made by the program itself, "
                     f"cumulative: {listed}.", "")
            self.figure("import_s", sec(total), "s", "sum of import times (-X importtime)")

    def scaling(self, kb: dict[str, int]) -> None:
        rows = self.results.scaling
        if not rows:
            return
        base = self.results.startup.a.median if self.results.startup else 0.0
        self.add("## Matching: cost against the number of alterations", "",
                 "`annotate` on generated panel exports whose alterations all lie in "
                 "knowledge-base genes: each specific alteration the resistance table names, "
                 "the driver EGFR L858R, then random missense changes in the genes the "
                 f"resistance table covers (therapies erlotinib, osimertinib). The knowledge "
                 f"base has {kb['resistance_entries']} resistance entries, "
                 f"{kb['rescue_options']} rescue options and {kb['condition_terms']} condition "
                 f"terms. \"Above start-up\" subtracts the start-up time measured above "
                 f"({sec(base)} s).", "",
                 "| alterations | findings | other | N | median (min–max) | per alteration "
                 "above start-up | peak MB |", "| --- | --- | --- | --- | --- | --- | --- |")
        for n, series, counts in rows:
            per = (series.median - base) / n * 1e6
            self.add(f"| {n:,} | {counts.get('findings', '')} | {counts.get('other', '')} | "
                     f"{len(series.runs)} | {spread(series.walls)} | {per:,.0f} µs | "
                     f"{series.peak_mb:.0f} |")
            self.figure(f"scaling_{n}_s", sec(series.median), "s",
                        f"annotate, {n:,} alterations in knowledge-base genes")
            self.figure(f"scaling_{n}_peak_mb", f"{series.peak_mb:.0f}", "MB",
                        f"peak memory, {n:,} alterations")
        steps = []
        for (n1, s1, _), (n2, s2, _) in zip(rows, rows[1:], strict=False):
            k = growth(n1, s1.median, n2, s2.median, base)
            if k is not None:
                steps.append(f"{n1:,} → {n2:,}: {k:.2f}")
                self.figure(f"scaling_exponent_{n1}_{n2}", f"{k:.2f}", "",
                            f"k in time above start-up ~ alterations^k, {n1:,} to {n2:,}")
        if steps:
            self.add("", "Growth exponent k of the time above start-up (time ~ alterations^k; "
                     "1 is linear, 2 quadratic): " + "; ".join(steps) + ".")
        self.add("")

    def counts(self) -> None:
        self.add("What `annotate` reported for each input (its `accounting`):", "")
        for row in self.results.rows:
            c = row.counts
            if c:
                self.add(f"- {row.what}: {c['input_records']:,} records, {c['findings']:,} "
                         f"findings, {c['other']:,} other alterations, {c['skipped']:,} "
                         f"skipped, {c['outside_kb_genes']:,} outside knowledge-base genes")
        self.add("")

    def named(self) -> None:
        self.add("## Named figures", "",
                 "README statements quote these (`python benchmarks/figures.py NAME`).", "",
                 "| name | value | unit | what |", "| --- | --- | --- | --- |")
        self.add(*(f"| {n} | {v} | {u} | {w} |" for n, v, u, w in self.figures))

    def render(self) -> str:
        self.header()
        self.targets()
        self.startup()
        self.scaling(kb_size())
        self.commands()
        self.counts()
        self.named()
        return "\n".join(self.lines).rstrip() + "\n"


def render(results, machine_info: dict[str, str], elapsed: float) -> str:
    return Writer(results, machine_info, elapsed).render()


def growth(n1: int, t1: float, n2: int, t2: float, base: float) -> float | None:
    """k in (t - base) ~ n^k between two sizes; None when either is within the base."""
    if t1 <= base or t2 <= base:
        return None
    return math.log((t2 - base) / (t1 - base)) / math.log(n2 / n1)
