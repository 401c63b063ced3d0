"""Ingest over HTTP (`newsline serve --allow-ingest`): uploaded files go through the CLI's own
ingest, so formats, rejections, warnings and the size limit are the same.

An uploaded file is kept beside the store (`<store>-uploads/<name>`): that path is the
article's `source`, a reader can open it, and uploading a changed file under the same name
is a new revision, as with files on disk. A file rejected whole is not kept.
"""

from __future__ import annotations

import shutil
from pathlib import Path, PurePosixPath
from typing import Any

from ..ingest import DEFAULT_MAX_BYTES, Rejection
from ..ingest_run import ingest

MAX_FILES = 100


def upload_folder(db: str) -> Path:
    path = Path(db).resolve()
    return path.parent / f"{path.stem}-uploads"


def safe_name(filename: str | None) -> str | None:
    """The file's own name, no folders: an upload can never write outside the uploads folder."""
    name = PurePosixPath((filename or "").replace("\\", "/")).name.strip()
    if not name or name in (".", "..") or name.startswith(".") or len(name) > 200:
        return None
    if any(ord(ch) < 32 or ch in '<>:"|?*' for ch in name):
        return None
    return name


def ingest_uploads(state, files, *, max_bytes: int = DEFAULT_MAX_BYTES) -> dict[str, Any]:
    folder = upload_folder(state.db)
    problems: list[Rejection] = []
    paths: list[Path] = []
    seen: set[str] = set()
    for upload in files[:MAX_FILES]:
        name = safe_name(upload.filename)
        if name is None:
            problems.append(Rejection(f"upload {upload.filename!r}", "not a usable file name"))
            continue
        if name in seen:
            problems.append(Rejection(f"upload {name}", "the same file name twice in one upload"))
            continue
        seen.add(name)
        folder.mkdir(exist_ok=True)
        target = folder / name
        upload.file.seek(0)
        with open(target, "wb") as out:
            shutil.copyfileobj(upload.file, out, 1 << 20)
        paths.append(target)
    for upload in files[MAX_FILES:]:
        problems.append(Rejection(f"upload {upload.filename!r}", f"more than {MAX_FILES} files in one upload"))
    with state.ingest_lock:  # one writer at a time; readers go on (WAL)
        from ..store import open_store

        store = open_store(state.db)
        try:
            report = ingest(store, [str(p) for p in paths], max_bytes=max_bytes)
            store.record_rejections(problems)
        finally:
            store.close()
    rejected_whole = {r.source for r in report.rejected}
    for path in paths:
        if str(path) in rejected_whole:
            path.unlink(missing_ok=True)
    out = report.as_dict()
    out["rejected"] = [{"source": r.source, "reason": r.reason} for r in problems] + out["rejected"]
    out["ok"] = report.ok and not problems
    out["article_ids"] = report.article_ids
    return out
