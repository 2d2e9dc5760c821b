"""Reading the knowledge-base tables, and collecting what is wrong with them.

Every problem is kept as `file:line: column: what is wrong` and loading goes on, so a curator
fixes a table in one pass. The tables are small: no pandas, no csv quoting (a cell is what lies
between two tabs).
"""

from __future__ import annotations

import re
from pathlib import Path

from .schema import Table

#: (line number, cells by column name) of one row
Row = tuple[int, dict[str, str]]
_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.\-]*$")


class Problems:
    def __init__(self) -> None:
        self.items: list[str] = []

    def add(self, file: str, line: int, column: str, message: str) -> None:
        self.items.append(f"{file}:{line}: {column}: {message}")

    def one_of(self, file: str, line: int, column: str, value: str,
               allowed: tuple[str, ...]) -> bool:
        """Whether `value` is in `allowed`; a problem when it is not."""
        if value in allowed:
            return True
        self.add(file, line, column, f"'{value}' is not one of {', '.join(allowed)}")
        return False


def split_list(cell: str) -> tuple[str, ...]:
    """The items of a `;`-separated cell."""
    return tuple(x.strip() for x in cell.split(";") if x.strip())


def check_unique(table: str, rows: list[Row], column: str, problems: Problems) -> None:
    """Unique values in `column`; an `id` column also well-formed."""
    seen: dict[str, int] = {}
    for line, row in rows:
        value = row[column]
        if column == "id" and value and not _ID.match(value):
            problems.add(table, line, column, f"'{value}' is not a valid ID (letters, digits, -_.)")
        if value in seen:
            problems.add(table, line, column, f"duplicate '{value}' (first on line {seen[value]})")
        seen.setdefault(value, line)


def read_table(directory: Path, table: Table, problems: Problems) -> list[Row]:
    """The rows of one table, each with every column of the schema (absent ones empty). The
    header, the cell counts, the required cells and stray white space are checked here."""
    name = table.name
    path = directory / name
    if not path.is_file():
        problems.add(name, 0, "-", "table missing")
        return []
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        problems.add(name, 0, "-", f"not UTF-8 text ({exc.reason})")
        return []
    lines = text.splitlines()
    if not lines:
        problems.add(name, 1, "-", "empty table (no header)")
        return []
    header = lines[0].split("\t") if lines[0] else []
    _check_header(name, header, table.columns, problems)
    complete = tuple(header) == table.columns
    rows = []
    for line_no, line in enumerate(lines[1:], start=2):
        if not line.strip():  # blank, or only tabs: no cell holds anything
            continue
        cells = line.split("\t")
        if len(cells) != len(header):
            problems.add(name, line_no, "-",
                         f"{len(cells)} cells for {len(header)} columns (a tab too many or few?)")
            continue
        row = dict(zip(header, cells, strict=True))
        for col in table.required:
            if col in row and not row[col].strip():
                problems.add(name, line_no, col, "empty (required)")
        for col, cell in row.items():
            if cell != cell.strip():
                problems.add(name, line_no, col, "leading or trailing white space")
        rows.append((line_no, row if complete else {c: row.get(c, "") for c in table.columns}))
    return rows


def _check_header(name: str, header: list[str], expected: tuple[str, ...],
                  problems: Problems) -> None:
    for col in header:
        if col not in expected:
            problems.add(name, 1, col, f"unknown column (expected: {', '.join(expected)})")
    for col in expected:
        if col not in header:
            problems.add(name, 1, col, "column missing")
    if len(set(header)) != len(header):
        problems.add(name, 1, "-", "duplicate column names")
