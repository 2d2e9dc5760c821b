"""ctdna-resist: which detected ctDNA alterations explain targeted-therapy resistance."""

__version__ = "0.1.0"
