"""Exports of a store: JSON (newsline/1), CSV, Markdown."""

from .build import ARRAYS, SCHEMA_ID, build_export, load_schema, validate
from .csvfiles import TABLES as CSV_TABLES
from .csvfiles import table_csv, write_csv
from .markdown import to_markdown

__all__ = ["ARRAYS", "SCHEMA_ID", "build_export", "load_schema", "validate", "CSV_TABLES", "table_csv", "write_csv",
           "to_markdown"]
