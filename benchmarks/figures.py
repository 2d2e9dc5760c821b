"""Named figures of benchmarks/RESULTS.md, so that a statement elsewhere (the README) can be
checked against the run it comes from.

    python benchmarks/figures.py [NAME ...] [--results PATH]   # prints `name<TAB>value unit`
    python benchmarks/figures.py --update README.md            # rewrites its quoted figures

In code: `figures()` returns {name: Figure(value, unit, what)}; `Figure.text` is the value as a
statement should quote it, with its unit (`7.93 s`, `1.38x`, `52 MB`). The names are listed
in benchmarks/README.md. A statement quotes a figure as its text followed by its name in code
quotes and brackets, `7.93 s (`batch_s`)`: `quotes()` finds them, `update()` rewrites them.
"""

from __future__ import annotations

import argparse
import re
import sys
from dataclasses import dataclass
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "RESULTS.md"
SECTION = "## Named figures"
#: a quoted figure: `171 s (`batch_s`)`, `1.16x (`genome_indexed_ratio`)`, `219 MB (`peak_mb`)`
QUOTE = re.compile(r"(?P<text>\d[\d,]*(?:\.\d+)?(?: s| MB|x)?) \(`(?P<name>[a-z0-9_]+)`\)")


@dataclass(frozen=True)
class Figure:
    value: str  # as written: "7.93"
    unit: str  # "s", "x", "MB" or ""
    what: str

    @property
    def number(self) -> float:
        return float(self.value)

    @property
    def text(self) -> str:
        if self.unit == "x":
            return f"{self.value}x"
        return f"{self.value} {self.unit}" if self.unit else self.value


def figures(path: Path = RESULTS) -> dict[str, Figure]:
    """The rows of the `## Named figures` table; ValueError when the section is missing."""
    lines = path.read_text(encoding="utf-8").splitlines()
    try:
        start = lines.index(SECTION)
    except ValueError:
        raise ValueError(f"{path}: no '{SECTION}' section") from None
    found: dict[str, Figure] = {}
    for line in lines[start + 1:]:
        if line.startswith("## "):
            break
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if not line.startswith("|") or len(cells) != 4 or cells[0] in ("name", "---"):
            continue
        name, value, unit, what = cells
        found[name] = Figure(value=value, unit=unit, what=what)
    return found


def quotes(text: str) -> list[re.Match[str]]:
    """The quoted figures of a text, in order (`text` and `name` groups)."""
    return list(QUOTE.finditer(text))


def update(text: str, known: dict[str, Figure]) -> str:
    """The text with each quoted figure rewritten from `known`; KeyError for an unknown name."""
    return QUOTE.sub(lambda m: f"{known[m['name']].text} (`{m['name']}`)", text)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="*")
    parser.add_argument("--results", type=Path, default=RESULTS)
    parser.add_argument("--update", type=Path, metavar="FILE",
                        help="rewrite the figures FILE quotes from the results")
    args = parser.parse_args(argv)
    known = figures(args.results)
    if args.update:
        text = args.update.read_text(encoding="utf-8")
        unknown = sorted({m["name"] for m in quotes(text)} - set(known))
        if unknown:
            print(f"{args.update}: unknown figure(s): {', '.join(unknown)}", file=sys.stderr)
            return 2
        args.update.write_text(update(text, known), encoding="utf-8")
        return 0
    missing = [n for n in args.names if n not in known]
    if missing:
        print(f"unknown figure(s): {', '.join(missing)} (known: {', '.join(known)})",
              file=sys.stderr)
        return 2
    for name in args.names or known:
        print(f"{name}\t{known[name].text}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
