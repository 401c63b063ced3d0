"""Headers every response carries, and conditional GET from the store's change generation.

Article text, titles, names and URLs are untrusted: templates escape them, scripts come only
from our own static files (the Content-Security-Policy forbids inline and foreign script), and
the page may not be framed. ETags change whenever anything commits to the store, so a client
that sends If-None-Match gets 304 without the route running a single query.
"""

from __future__ import annotations

from collections.abc import Callable

CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
       "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'")
# vis-timeline positions its items with style attributes: the timeline page alone allows inline
# styles (never inline scripts); CSS cannot run code, and our templates never write a style from data.
TIMELINE_CSP = CSP.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'")
INLINE_STYLE_PATHS = {"/"}
SECURITY_HEADERS = [
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
]


class SecurityAndETag:
    """Pure ASGI middleware (no per-request task or body buffering: it only adds headers)."""

    def __init__(self, app, etag: Callable[[], str], conditional: Callable[[str], bool]):
        self.app = app
        self.etag = etag
        self.conditional = conditional

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        tag = None
        policy = TIMELINE_CSP if scope["path"] in INLINE_STYLE_PATHS else CSP
        headers_out = [(b"content-security-policy", policy.encode()), *SECURITY_HEADERS]
        if scope["method"] in ("GET", "HEAD") and self.conditional(scope["path"]):
            tag = self.etag()
            if tag in if_none_match(scope):
                await send({"type": "http.response.start", "status": 304,
                            "headers": [(b"etag", tag.encode()), (b"cache-control", b"no-cache"), *headers_out]})
                await send({"type": "http.response.body", "body": b""})
                return

        async def send_with_headers(message):
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                headers += headers_out
                if tag and message["status"] == 200:
                    headers += [(b"etag", tag.encode()), (b"cache-control", b"no-cache")]
                message = dict(message, headers=headers)
            await send(message)

        await self.app(scope, receive, send_with_headers)


def if_none_match(scope) -> set[str]:
    for name, value in scope["headers"]:
        if name == b"if-none-match":
            return {v.strip().removeprefix("W/") for v in value.decode("latin-1").split(",")}
    return set()
