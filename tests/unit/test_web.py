"""lib.web.Guard, the middleware every launcher puts in front of Streamlit, driven as the ASGI server drives it: only
ATENSI_HOSTS' names (Host, and Origin when sent) pass, every page gets the security headers, and a websocket's
`clear_cache` message never reaches Streamlit (the tests through `make run` and nginx: tests/e2e/test_security_browser.py)."""

from __future__ import annotations

import asyncio
import concurrent.futures

import pytest
from streamlit.proto.BackMsg_pb2 import BackMsg

from lib import web


class Streamlit:
    """The application behind the guard: records what reaches it and answers pages with 200."""

    def __init__(self) -> None:
        self.received: list[dict] = []
        self.called = False

    async def __call__(self, scope, receive, send) -> None:
        self.called = True
        if scope["type"] == "http":
            await send({"type": "http.response.start", "status": 200, "headers": [(b"content-type", b"text/html")]})
            await send({"type": "http.response.body", "body": b"ok"})
            return
        while (message := await receive())["type"] != "websocket.disconnect":
            self.received.append(message)


def _run(scope_type: str, headers: dict[str, str], incoming: list[dict] | None = None):
    app, sent = Streamlit(), []
    queue = list(incoming or []) + [{"type": "websocket.disconnect"}]

    async def receive():
        return queue.pop(0)

    async def send(message):
        sent.append(message)

    scope = {"type": scope_type, "headers": [(k.lower().encode(), v.encode()) for k, v in headers.items()]}
    # in a thread of its own: a browser test earlier in this worker may leave Playwright's event loop running here
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        pool.submit(asyncio.run, web.Guard(app)(scope, receive, send)).result()
    return app, sent


def _back(kind: str) -> bytes:
    message = BackMsg()
    if kind == "clear_cache":
        message.clear_cache = True
    else:
        message.rerun_script.query_string = "a=1"
    return message.SerializeToString()


@pytest.fixture(autouse=True)
def local_hosts(monkeypatch):
    monkeypatch.setenv("ATENSI_HOSTS", "localhost,127.0.0.1,atensi.kemensos.go.id")


def test_the_names_of_atensi_hosts_are_served_with_the_security_headers():
    for host in ("127.0.0.1:8501", "localhost", "ATENSI.kemensos.go.id.", "atensi.kemensos.go.id:443"):
        app, sent = _run("http", {"Host": host})
        assert app.called and sent[0]["status"] == 200
        headers = dict(sent[0]["headers"])
        for name, value in web.security_headers().items():
            assert headers[name.lower().encode()] == value.encode()


@pytest.mark.parametrize(
    "headers",
    [
        {"Host": "rebind.example:8501"},
        {"Host": "127.0.0.1.rebind.example"},
        {"Host": "127.0.0.1:x"},
        {},
        {"Host": "127.0.0.1:8501", "Origin": "http://rebind.example:8501"},
    ],
)
def test_another_host_or_origin_is_refused_before_streamlit(headers):
    app, sent = _run("http", headers)
    assert not app.called and sent[0]["status"] in (403, 421)
    app, sent = _run("websocket", headers)
    assert not app.called and sent == [{"type": "websocket.close", "code": 1008}]


def test_a_null_origin_may_fetch_a_page_but_never_open_a_session():
    assert _run("http", {"Host": "localhost", "Origin": "null"})[0].called
    assert not _run("websocket", {"Host": "localhost", "Origin": "null"})[0].called


def test_any_host_only_when_atensi_hosts_says_so(monkeypatch):
    monkeypatch.setenv("ATENSI_HOSTS", "*")
    assert _run("websocket", {"Host": "dasbor.example", "Origin": "https://dasbor.example"})[0].called


def test_a_clients_clear_cache_message_never_reaches_streamlit():
    sent = [{"type": "websocket.receive", "bytes": _back(kind)} for kind in ("clear_cache", "rerun", "clear_cache")]
    app, _ = _run("websocket", {"Host": "localhost", "Origin": "http://localhost"}, sent)
    assert [BackMsg.FromString(m["bytes"]).WhichOneof("type") for m in app.received] == ["rerun_script"]


def test_the_policy_allows_streamlits_one_inline_script_by_its_hash_and_nothing_wider():
    policy = web.content_security_policy()
    assert "'unsafe-eval'" not in policy and "script-src 'self' 'wasm-unsafe-eval' 'sha256-" in policy
    assert policy.count("'sha256-") == 1 and "frame-ancestors 'self'" in policy and "*" not in policy
