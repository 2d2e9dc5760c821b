"""Import of CIViC evidence items into knowledge-base tables (run by scripts/import_civic.py)."""
