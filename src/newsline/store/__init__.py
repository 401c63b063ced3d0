"""Where records live: a SQLite file, or a PostgreSQL database (`postgresql://...`), one interface."""

from .postgres import is_postgres_url
from .sqlite import SCHEMA_VERSION, SearchSyntaxError, SQLiteStore, StoreError


def open_store(db: str) -> SQLiteStore:
    """Open (creating and migrating as needed) the store named by `db`: a SQLite file path, or a
    PostgreSQL URL (`postgresql://user@host:5432/dbname`; the database must exist)."""
    if is_postgres_url(db):
        from .postgres import PostgresStore

        return PostgresStore(db)
    return SQLiteStore(db)


__all__ = ["open_store", "is_postgres_url", "SQLiteStore", "StoreError", "SearchSyntaxError", "SCHEMA_VERSION"]
