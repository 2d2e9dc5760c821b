"""The curated knowledge base (annotations/*.tsv): schema, entities, loading, validation.

`schema` declares each table once; `tables` reads them and collects problems; `reference`,
`clinical` and `coordinates` hold one `load_<table>` per table; `load` runs them in order and
builds the `KnowledgeBase` (`knowledge_base`).
"""

from functools import lru_cache
from pathlib import Path

from ..resources import data_dir
from .knowledge_base import KnowledgeBase
from .load import load_knowledge_base, load_or_raise

__all__ = ["KnowledgeBase", "load_knowledge_base", "load_or_raise", "shipped", "default_dir"]


def default_dir() -> Path:
    return data_dir("annotations")


@lru_cache(maxsize=4)
def shipped(directory: Path | None = None) -> KnowledgeBase:
    """The knowledge base at `directory` (default: the shipped one), loaded once per process."""
    return load_or_raise(directory or default_dir())
