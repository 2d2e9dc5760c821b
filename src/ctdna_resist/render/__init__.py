"""Renderers: JSON, TSV, HTML (jinja2), PDF (WeasyPrint, imported only when asked for)."""
