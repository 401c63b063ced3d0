"""The web app: one FastAPI application over one store (`newsline serve`).

/api/... answers JSON (OpenAPI schema at /openapi.json); the other paths are server-rendered
pages, each with its JSON twin; /static holds our CSS and JS and the vendored timeline library.
"""

from __future__ import annotations

from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.staticfiles import StaticFiles

from .. import __version__
from . import api_routes, pages
from .security import SecurityAndETag
from .state import WebState

HERE = Path(__file__).parent
STATIC = HERE / "static"
LOOPBACK_NAMES = ["127.0.0.1", "localhost"]
MAX_UPLOAD_BYTES = 64 * 1024 * 1024  # one request; each file still meets ingest's --max-bytes


def create_app(db: str, *, allow_ingest: bool = False, allowed_hosts: list[str] | None = None) -> FastAPI:
    """The app for the store `db`. `allowed_hosts`: Host headers to answer (None: any, for tests
    and non-loopback binds); a loopback server answers only loopback names (no DNS rebinding)."""
    state = WebState(db, allow_ingest=allow_ingest)

    @asynccontextmanager
    async def lifespan(_app):
        yield
        state.close()

    app = FastAPI(title="newsline", version=__version__, lifespan=lifespan, docs_url=None, redoc_url=None,
                  description="The sourced, dated record of one store, read-only (ingest only with --allow-ingest). "
                              "Lists answer {total, limit, offset, <kind>: [...]} with the records and field names "
                              "of the newsline/1 JSON export.")
    app.state.web = state
    app.include_router(api_routes.router)
    app.include_router(pages.router)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")

    @app.exception_handler(HTTPException)
    async def http_error(request, exc: HTTPException):
        if wants_json(request.url.path):
            return JSONResponse({"detail": exc.detail}, status_code=exc.status_code, headers=exc.headers)
        return pages.error_page(request, exc.status_code, str(exc.detail))

    @app.exception_handler(RequestValidationError)
    async def bad_request(request, exc: RequestValidationError):
        problems = [{"loc": list(e["loc"]), "msg": e["msg"]} for e in exc.errors()]
        if wants_json(request.url.path):
            return JSONResponse({"detail": problems}, status_code=422)
        text = "; ".join(f"{'.'.join(str(x) for x in p['loc'][1:])}: {p['msg']}" for p in problems)
        return pages.error_page(request, 422, text)

    app.add_middleware(IngestGate, allowed=allow_ingest)
    app.add_middleware(SecurityAndETag, etag=state.etag, conditional=lambda path: not path.startswith("/static/"))
    if allowed_hosts is not None:
        app.add_middleware(TrustedHostMiddleware, allowed_hosts=allowed_hosts)
    return app


def wants_json(path: str) -> bool:
    return path.startswith("/api/") or path == "/openapi.json"


class IngestGate:
    """POST /api/ingest is refused before its body is read: off unless --allow-ingest, bodies over
    64 MB, and requests from another origin (a web page must not post into a local record)."""

    def __init__(self, app, allowed: bool):
        self.app = app
        self.allowed = allowed

    async def __call__(self, scope, receive, send):
        if scope["type"] == "http" and scope["path"].rstrip("/") == "/api/ingest":
            problem = self.problem(scope)
            if problem:
                await JSONResponse({"detail": problem[1]}, status_code=problem[0])(scope, receive, send)
                return
        await self.app(scope, receive, send)

    def problem(self, scope) -> tuple[int, str] | None:
        if not self.allowed:
            return 403, "ingest over HTTP is off: start the server with --allow-ingest"
        if scope["method"] != "POST":
            return None
        headers = {k.decode("latin-1"): v.decode("latin-1") for k, v in scope["headers"]}
        origin = headers.get("origin")
        if origin and origin.split("://", 1)[-1] != headers.get("host"):
            return 403, f"ingest from another origin ({origin}) is refused"
        length = headers.get("content-length")
        if length is None:
            return 411, "send a Content-Length with the upload"
        if not length.isdigit() or int(length) > MAX_UPLOAD_BYTES:
            return 413, f"upload over {MAX_UPLOAD_BYTES // 1_048_576} MB in one request: send fewer files at a time"
        return None


def serve(db: str, *, host: str = "127.0.0.1", port: int = 8000, allow_ingest: bool = False,
          log_level: str = "info") -> None:
    import uvicorn

    loopback = host in ("localhost", "::1") or host.startswith("127.")
    hosts = [*LOOPBACK_NAMES, host] if loopback and host != "::1" else None
    app = create_app(db, allow_ingest=allow_ingest, allowed_hosts=hosts)
    uvicorn.run(app, host=host, port=port, log_level=log_level, server_header=False)
