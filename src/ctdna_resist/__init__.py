"""ctdna-resist: which detected ctDNA alterations explain targeted-therapy resistance.

The library entry points are in `ctdna_resist.api` (`annotate`, `report`, `batch`, `serial`).
"""

from .version import __version__

__all__ = ["__version__"]
