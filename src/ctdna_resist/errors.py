"""Errors that end a run. The CLI turns these into exit codes: InputError, UsageError and
OutputError -> 2."""

from __future__ import annotations

from pathlib import Path


class CtdnaResistError(Exception):
    """Base class: the user's input or options are at fault (exit code 2)."""


class UsageError(CtdnaResistError):
    """An option value that cannot be used (unknown drug, bad driver spelling, ...)."""


class InputError(CtdnaResistError):
    """An input file that cannot be read; names the file and, where known, the line or record."""

    def __init__(self, path: str | Path | None, message: str, line: int | None = None,
                 record: str | None = None):
        self.path = str(path) if path is not None else None
        self.line = line
        self.record = record
        self.message = message
        super().__init__(str(self))

    def __str__(self) -> str:
        where = self.path or "<input>"
        if self.line is not None:
            where += f":{self.line}"
        if self.record:
            where += f" ({self.record})"
        return f"{where}: {self.message}"


class OutputError(CtdnaResistError):
    """An output that could not be written (a full disk, a folder gone, standard output
    closed): the environment's problem, not ours, so exit 2 like the user's errors."""

    def __init__(self, path: str | Path, message: str):
        self.path = str(path)
        self.message = message
        super().__init__(f"{self.path}: {message}")


class KnowledgeBaseError(CtdnaResistError):
    """The knowledge base failed validation; carries every problem found."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        head = problems[0] if problems else "invalid knowledge base"
        more = f" (and {len(problems) - 1} more problems; run 'ctdna-resist kb validate')" \
            if len(problems) > 1 else ""
        super().__init__(f"invalid knowledge base: {head}{more}")
