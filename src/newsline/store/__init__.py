"""Where records live. SQLite by default; the same interface will front PostgreSQL."""

from .sqlite import SCHEMA_VERSION, SearchSyntaxError, SQLiteStore, StoreError


def open_store(db: str) -> SQLiteStore:
    """Open (creating and migrating as needed) the store named by `db`: a SQLite file path."""
    if db.startswith(("postgresql://", "postgres://")):
        raise StoreError("PostgreSQL stores are not supported yet: give a SQLite file path")
    return SQLiteStore(db)


__all__ = ["open_store", "SQLiteStore", "StoreError", "SearchSyntaxError", "SCHEMA_VERSION"]
