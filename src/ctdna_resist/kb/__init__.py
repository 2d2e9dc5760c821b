"""The curated knowledge base: schema, loading, validation."""

from functools import lru_cache
from pathlib import Path

from ..resources import data_dir
from .load import KnowledgeBase, load_knowledge_base, load_or_raise

__all__ = ["KnowledgeBase", "load_knowledge_base", "load_or_raise", "shipped", "default_dir"]


def default_dir() -> Path:
    return data_dir("annotations")


@lru_cache(maxsize=4)
def shipped(directory: Path | None = None) -> KnowledgeBase:
    """The knowledge base at `directory` (default: the shipped one), loaded once per process."""
    return load_or_raise(directory or default_dir())
