"""What the web server sends and accepts, for every launcher: the host names it serves (ATENSI_HOSTS, against DNS
rebinding), the security headers (a Content-Security-Policy no wider than Streamlit needs, framing, sniffing,
referrer) and no client's message that empties every session's caches. `serve_app.py` puts `Guard` in front of Streamlit (`make run`, each process of `make serve`, the systemd
unit); deploy/serve.py writes the same host names and headers into nginx's configuration.

No Streamlit import here: deploy/serve.py reads the headers without loading the app.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Awaitable, Callable, MutableMapping
from functools import cache
from importlib.util import find_spec
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from lib.config import setting

ANY = "*"
Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]


def hosts() -> tuple[str, ...]:
    """ATENSI_HOSTS: the host names (no port) the dashboard answers to, lower case; `*` any."""
    return tuple(h.strip().lower().rstrip(".") for h in setting("ATENSI_HOSTS").split(",") if h.strip())


def hostname(value: str) -> str | None:
    """The host name of a Host header (`name:port`, `[::1]:8501`) or of an Origin (`http://name:port`); None when
    it is not one."""
    try:
        parts = urlsplit(value if "//" in value else f"//{value}")
        parts.port  # noqa: B018  (a port that is not a number makes this raise)
    except ValueError:
        return None
    name = parts.hostname
    if not name or parts.username or parts.password or parts.path not in ("", "/") or parts.query:
        return None
    return name.lower().rstrip(".")


def allowed(name: str | None, names: tuple[str, ...]) -> bool:
    return name is not None and (ANY in names or name in names)


@cache
def _inline_script_hashes() -> tuple[str, ...]:
    """CSP sources for the inline scripts of Streamlit's own index.html (one small one in 1.67), so the policy
    allows exactly those and no other inline script."""
    spec = find_spec("streamlit")
    if spec is None or spec.origin is None:
        return ()
    page = (Path(spec.origin).parent / "static" / "index.html").read_text(encoding="utf-8")
    scripts = re.findall(r"<script(?![^>]*\bsrc=)[^>]*>(.*?)</script>", page, flags=re.S)
    return tuple(f"'sha256-{base64.b64encode(hashlib.sha256(s.encode()).digest()).decode()}'" for s in scripts)


def content_security_policy() -> str:
    """Everything from this server only. Streamlit's bundle is module scripts and one inline script (allowed by its
    hash); its styles are set inline by its CSS-in-JS, so styles need 'unsafe-inline'; images and fonts may be
    data: and blob: URLs (charts, downloads, the map); the session is a websocket to this server; components are
    same-origin frames, and this page may be framed only by itself."""
    return "; ".join(
        [
            "default-src 'self'",
            "script-src 'self' 'wasm-unsafe-eval' " + " ".join(_inline_script_hashes()),
            "style-src 'self' 'unsafe-inline'",
            "img-src 'self' data: blob:",
            "font-src 'self' data:",
            "connect-src 'self'",
            "worker-src 'self' blob:",
            "frame-src 'self'",
            "frame-ancestors 'self'",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
        ]
    )


def security_headers() -> dict[str, str]:
    """The headers every response carries (nginx adds the same ones; deploy/serve.py)."""
    return {
        "Content-Security-Policy": content_security_policy(),
        "X-Frame-Options": "SAMEORIGIN",
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "same-origin",
    }


def clears_cache(data: bytes | None) -> bool:
    """Whether a browser's message is Streamlit's `clear_cache` (its menu's "Clear cache", the C key): it empties
    the caches of every session in the process, and any page may send it unsigned."""
    if not data:
        return False
    from streamlit.proto.BackMsg_pb2 import BackMsg  # in the server only, which has loaded Streamlit already

    message = BackMsg()
    try:
        message.ParseFromString(data)
    except Exception:  # not ours to judge: Streamlit answers a message it cannot read
        return False
    return message.WhichOneof("type") == "clear_cache"


def without_cache_clearing(receive: Receive) -> Receive:
    """`receive` of a session's websocket, with every `clear_cache` message left out: no client empties the figures
    every session shares (the server's own code still clears what it must)."""

    async def filtered() -> Message:
        while True:
            message = await receive()
            if not (message["type"] == "websocket.receive" and clears_cache(message.get("bytes"))):
                return message

    return filtered


class Guard:
    """ASGI middleware in front of Streamlit: a request or websocket whose Host is not one of ATENSI_HOSTS, or whose
    Origin (when the browser sends one) names another host, is refused before Streamlit sees it (421 / 403; a
    websocket is closed before its handshake completes, which the client sees as 403); every HTTP response gets
    the security headers; a websocket's `clear_cache` messages are dropped (`without_cache_clearing`)."""

    def __init__(self, app: Callable[[Scope, Receive, Send], Awaitable[None]]) -> None:
        self.app = app
        self.names = hosts()
        self.headers = [(k.lower().encode(), v.encode()) for k, v in security_headers().items()]

    def refusal(self, scope: Scope) -> int | None:
        """The status refusing this request, or None."""
        headers = dict(scope.get("headers") or [])
        host = headers.get(b"host", b"").decode("latin-1")
        if not allowed(hostname(host), self.names):
            return 421  # Misdirected Request: not a name this server answers to
        origin = headers.get(b"origin")
        if origin is not None and (origin != b"null" or scope["type"] == "websocket"):
            if not allowed(hostname(origin.decode("latin-1")), self.names):
                return 403
        return None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        status = self.refusal(scope)
        if status is not None:
            if scope["type"] == "websocket":
                await send({"type": "websocket.close", "code": 1008})
                return
            body = b"Host atau Origin tidak diizinkan (ATENSI_HOSTS).\n"
            start_headers = [(b"content-type", b"text/plain; charset=utf-8"), *self.headers]
            await send({"type": "http.response.start", "status": status, "headers": start_headers})
            await send({"type": "http.response.body", "body": body})
            return
        if scope["type"] == "websocket":
            await self.app(scope, without_cache_clearing(receive), send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                present = {k.lower() for k, _ in message.get("headers", [])}
                message["headers"] = [*message.get("headers", []), *(h for h in self.headers if h[0] not in present)]
            await send(message)

        await self.app(scope, receive, send_with_headers)
