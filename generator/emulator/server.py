"""The emulator: one loopback HTTP server speaking fal's and Segmind's protocols.

Base URLs (point the clients here; each provider's paths beneath them are the real ones):

    fal run host     {url}/fal/run        env FAL_RUN_URL
    fal queue        {url}/fal/queue      env FAL_QUEUE_URL
    fal storage      {url}/fal/rest       env FAL_REST_URL (CDN v3 token)
    fal CDN          {url}/fal/cdn        env FAL_CDN_URL (uploads; served from {url}/files/)
    Segmind v1       {url}/segmind/v1     env SEGMIND_BASE_URL (v2 is derived: {url}/segmind/v2)
    output files     {url}/files/<name>

    with Emulator(catalogue, scenario) as emu:
        client = kolors.Client(key=emu.fal_key, run_url=emu.fal_run_url, queue_url=emu.fal_queue_url)
"""

from __future__ import annotations

import contextlib
import logging
import socket
import struct
import threading
import time
from collections.abc import Callable, Mapping
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any, overload
from urllib.parse import parse_qs, urlsplit

from .catalogue import Catalogue
from .fal_protocol import DEFAULT_FAIL, FalProtocol, fal_error
from .fal_storage import FalStorage
from .outputs import OutputFactory
from .scenario import Fault, Scenario
from .segmind_protocol import SegmindProtocol, segmind_error
from .state import Job, RecordedRequest, Request, Response, State

__all__ = ["DEFAULT_FAL_KEY", "DEFAULT_SEGMIND_KEY", "Emulator"]

DEFAULT_FAL_KEY = "emulator-fal-key"
DEFAULT_SEGMIND_KEY = "emulator-segmind-key"

log = logging.getLogger("modelgen.emulator")

_NGINX = (
    b"<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n"
    b"<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n"
)

Handler = Callable[[Request, tuple[str, str] | None], Response]

#: Pending connections the listening socket holds before refusing more (the standard library's
#: default of 5 dropped submits at 100 concurrent clients; see bench/bench_emulator_load.py).
LISTEN_BACKLOG = 1024


class _Server(ThreadingHTTPServer):
    """A thread per connection, with a listen backlog fit for load tests."""

    request_queue_size = LISTEN_BACKLOG
    daemon_threads = True


class _Route:
    __slots__ = ("endpoint_id", "handler", "op", "provider", "request_id")

    def __init__(
        self,
        op: str,
        provider: str,
        handler: Handler,
        endpoint_id: str | None = None,
        request_id: str | None = None,
    ) -> None:
        self.op = op
        self.provider = provider
        self.handler = handler
        self.endpoint_id = endpoint_id
        self.request_id = request_id


class _BaseURL:
    """A base URL of the emulator (a row of the module docstring's table): its address, then
    `path`; `env` is the variable the generated clients read it from."""

    def __init__(self, path: str, env: str) -> None:
        self.path = path
        self.env = env

    @overload
    def __get__(self, emulator: None, owner: type[Emulator]) -> _BaseURL: ...
    @overload
    def __get__(self, emulator: Emulator, owner: type[Emulator]) -> str: ...
    def __get__(self, emulator: Emulator | None, owner: type[Emulator]) -> _BaseURL | str:
        return self if emulator is None else emulator.url + self.path


class Emulator:
    """A fal + Segmind emulator on a loopback port (0 = any free port). A context manager."""

    def __init__(
        self,
        catalogue: Catalogue,
        scenario: Scenario | None = None,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        fal_key: str | None = DEFAULT_FAL_KEY,
        segmind_key: str | None = DEFAULT_SEGMIND_KEY,
        listen_backlog: int = LISTEN_BACKLOG,
    ) -> None:
        """`fal_key`/`segmind_key`: the only key accepted (None: any non-empty key).
        `listen_backlog`: connections the socket queues before the server accepts them."""
        self.catalogue = catalogue
        self.state = State(scenario or Scenario())
        self.outputs = OutputFactory(catalogue, self.state)
        self.fal = FalProtocol(catalogue, self.state, self.outputs)
        self.segmind = SegmindProtocol(catalogue, self.state, self.outputs)
        self.storage = FalStorage(self.state)
        self.fal_key = fal_key
        self.segmind_key = segmind_key
        self._host, self._port = host, port
        self._backlog = listen_backlog
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None

    # -- lifecycle ------------------------------------------------------------------------------

    def start(self) -> Emulator:
        if self._server is not None:
            return self
        handler = type("Handler", (_RequestHandler,), {"emulator": self})
        server_class = type("Server", (_Server,), {"request_queue_size": self._backlog})
        server = server_class((self._host, self._port), handler)
        self._server = server
        self._thread = threading.Thread(
            target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is None:
            return
        self._server.shutdown()
        self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)
        self._server = None
        self._thread = None

    def __enter__(self) -> Emulator:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    # -- addresses ------------------------------------------------------------------------------

    @property
    def port(self) -> int:
        if self._server is None:
            raise RuntimeError("the emulator is not running")
        return int(self._server.server_address[1])

    @property
    def url(self) -> str:
        host = self._host if self._host not in ("0.0.0.0", "") else "127.0.0.1"
        return f"http://{host}:{self.port}"

    fal_run_url = _BaseURL("/fal/run", "FAL_RUN_URL")
    fal_queue_url = _BaseURL("/fal/queue", "FAL_QUEUE_URL")
    fal_rest_url = _BaseURL("/fal/rest", "FAL_REST_URL")
    fal_cdn_url = _BaseURL("/fal/cdn", "FAL_CDN_URL")
    segmind_url = _BaseURL("/segmind/v1", "SEGMIND_BASE_URL")

    def env(self) -> dict[str, str]:
        """Environment variables that point the generated clients at this emulator."""
        bases = (b for b in vars(Emulator).values() if isinstance(b, _BaseURL))
        env = {base.env: self.url + base.path for base in bases}
        env["FAL_KEY"] = self.fal_key or "any-key"
        env["SEGMIND_API_KEY"] = self.segmind_key or "any-key"
        return env

    # -- scripting and inspection ---------------------------------------------------------------

    @property
    def scenario(self) -> Scenario:
        return self.state.scenario

    def add_fault(self, fault: Fault) -> Fault:
        return self.scenario.add_fault(fault)

    @property
    def requests(self) -> list[RecordedRequest]:
        with self.state.lock:
            return list(self.state.requests)

    @property
    def webhook_attempts(self) -> list[tuple[str, str, int, int | None]]:
        """Every webhook POST tried: (request_id, URL, attempt, HTTP status or None)."""
        with self.state.lock:
            return list(self.state.webhook_attempts)

    def requests_for(self, op: str) -> list[RecordedRequest]:
        return [r for r in self.requests if r.op == op]

    @property
    def jobs(self) -> dict[str, Job]:
        with self.state.lock:
            return dict(self.state.jobs)

    def reset(self) -> None:
        """Forget requests, jobs, files, credits and faults (keep the scenario's settings)."""
        self.state.clear()
        with self.scenario._lock:
            self.scenario.faults.clear()

    # -- dispatch -------------------------------------------------------------------------------

    def _route(self, req: Request) -> _Route | Response:
        path = req.path
        method = req.method
        if path.startswith("/files/") and "/multipart/" in path and method in ("PUT", "POST"):
            return self._multipart_route(path[len("/files/") :], method)
        if path.startswith("/files/") and method == "GET":
            return _Route("files", "files", lambda r, f: self._file(r))
        if path.startswith("/fal/gcs/") and method == "PUT":
            signature, _, name = path[len("/fal/gcs/") :].partition("/")
            return _Route(
                "fal.signed_put", "signed", lambda r, f: self.storage.signed_put(r, signature, name)
            )
        if path.startswith("/fal/run/"):
            rest = path[len("/fal/run/") :]
            if method != "POST":
                return fal_error(405, "Method not allowed")
            return _Route("fal.run", "fal", lambda r, f: self.fal.run(r, rest, f), rest)
        if path == "/fal/rest/storage/auth/token" and method == "POST":
            return _Route("fal.token", "fal", lambda r, f: self.storage.token(r))
        if path == "/fal/cdn/files/upload" and method == "POST":
            return _Route("fal.upload", "fal-cdn", lambda r, f: self.storage.upload(r))
        if path == "/fal/cdn/files/upload/multipart" and method == "POST":
            return _Route("fal.multipart", "fal-cdn", lambda r, f: self.storage.multipart_start(r))
        if path == "/fal/rest/storage/upload/initiate" and method == "POST":
            return _Route("fal.initiate", "fal", lambda r, f: self.storage.initiate(r))
        if path.startswith("/fal/queue/"):
            return self._fal_queue_route(req, path[len("/fal/queue/") :])
        if path.startswith("/segmind/"):
            return self._segmind_route(req, path[len("/segmind/") :])
        return Response.json(404, {"detail": "Not found"})

    def _multipart_route(self, rest: str, method: str) -> _Route | Response:
        """`<name>/multipart/<uploadId>/<n>` (PUT) or `.../complete` (POST)."""
        name, _, tail = rest.partition("/multipart/")
        upload_id, _, last = tail.partition("/")
        if method == "POST" and last == "complete":
            return _Route(
                "fal.multipart_complete",
                "fal-cdn",
                lambda r, f: self.storage.multipart_complete(r, name, upload_id),
            )
        if method == "PUT" and last:
            return _Route(
                "fal.multipart_part",
                "fal-cdn",
                lambda r, f: self.storage.multipart_part(r, name, upload_id, last),
            )
        return fal_error(404, "Not found")

    def _fal_queue_route(self, req: Request, rest: str) -> _Route | Response:
        if "/requests/" not in rest:
            if req.method != "POST":
                return fal_error(405, "Method not allowed")
            return _Route("fal.submit", "fal", lambda r, f: self.fal.submit(r, rest, f), rest)
        app, _, tail = rest.partition("/requests/")
        parts = tail.strip("/").split("/")
        rid = parts[0]
        action = "/".join(parts[1:])
        table: dict[tuple[str, str], tuple[str, Handler]] = {
            ("GET", ""): ("fal.result", lambda r, f: self.fal.result(r, app, rid)),
            ("GET", "status"): ("fal.status", lambda r, f: self.fal.status(r, app, rid)),
            ("GET", "status/stream"): (
                "fal.stream",
                lambda r, f: self.fal.status_stream(r, app, rid),
            ),
            ("PUT", "cancel"): ("fal.cancel", lambda r, f: self.fal.cancel(r, app, rid)),
        }
        found = table.get((req.method, action))
        if found is None:
            known = ("", "status", "status/stream", "cancel")
            return fal_error(405 if action in known else 404, "Not found")
        return _Route(found[0], "fal", found[1], app, rid)

    def _segmind_route(self, req: Request, rest: str) -> _Route | Response:
        version, _, tail = rest.partition("/")
        key = req.headers.get("x-api-key", "")
        if tail.startswith("requests/"):
            parts = tail[len("requests/") :].strip("/").split("/")
            rid = parts[0]
            if req.method != "GET":
                return segmind_error(405)
            if parts[1:] == ["status"] and version == "v2":
                return _Route(
                    "segmind.status",
                    "segmind",
                    lambda r, f: self.segmind.status(r, rid),
                    request_id=rid,
                )
            if len(parts) == 1 and version in ("v1", "v2"):
                return _Route(
                    "segmind.result",
                    "segmind",
                    lambda r, f: self.segmind.result(r, rid),
                    request_id=rid,
                )
            return segmind_error(404)
        if req.method != "POST":
            return segmind_error(405)
        if version == "v1":
            return _Route(
                "segmind.v1", "segmind", lambda r, f: self.segmind.v1(r, tail, key, f), tail
            )
        if version == "v2":
            return _Route(
                "segmind.submit", "segmind", lambda r, f: self.segmind.submit(r, tail, key, f), tail
            )
        return segmind_error(404)

    def _file(self, req: Request) -> Response:
        name = req.path[len("/files/") :]
        with self.state.lock:
            found = self.state.files.get(name)
        if found is None:
            return Response.json(404, {"detail": "File not found"})
        return Response(200, found[0], found[1])

    def _authorised(self, route: _Route, req: Request) -> Response | None:
        if route.provider == "fal":
            header = req.headers.get("authorization", "")
            scheme, _, key = header.partition(" ")
            if scheme != "Key" or not key or (self.fal_key is not None and key != self.fal_key):
                return fal_error(401, "Invalid or missing key; use 'Authorization: Key <FAL_KEY>'")
        elif route.provider == "fal-cdn":
            if not self.storage.authorised(req):
                return fal_error(
                    401, "Invalid or missing storage token; get one from the REST host"
                )
        elif route.provider == "segmind":
            key = req.headers.get("x-api-key", "")
            if not key or (self.segmind_key is not None and key != self.segmind_key):
                return segmind_error(401, "Invalid API key")
        return None

    def _fault_response(self, fault: Fault, route: _Route) -> Response:
        if fault.action == "reset":
            return Response(0, reset=True)
        if fault.action == "ingress":
            return Response(fault.status or 502, _NGINX, "text/html")
        status = fault.status or 500
        headers = dict(fault.headers)
        if fault.retry_after is not None:
            headers["Retry-After"] = fault.retry_after
        if route.provider == "segmind":
            return segmind_error(status, fault.detail, headers)
        return fal_error(status, fault.detail, fault.error_type, route.request_id, headers)

    def handle(self, req: Request) -> Response:
        """Answer one request (recording it)."""
        routed = self._route(req)
        op = routed.op if isinstance(routed, _Route) else "unrouted"
        try:
            body: Any = req.json()
        except ValueError:
            body = req.body[:200]
        record = RecordedRequest(
            0,
            req.method,
            req.path,
            op,
            routed.endpoint_id if isinstance(routed, _Route) else None,
            routed.request_id if isinstance(routed, _Route) else None,
            _masked(req.headers),
            body,
        )
        response = self._answer(routed, req, record)
        record.status = None if response.reset else response.status
        self.state.record(record)
        log.debug("%s %s -> %s", req.method, req.path, record.status)
        return response

    def _answer(self, routed: _Route | Response, req: Request, record: RecordedRequest) -> Response:
        if isinstance(routed, Response):
            return routed
        fault = self.scenario.fault_for(routed.op)
        fail: tuple[str, str] | None = None
        delay = 0.0
        if fault is not None:
            record.fault = fault.action
            if fault.action == "slow":
                delay = fault.delay
            elif fault.action == "fail":
                fail = (fault.detail or DEFAULT_FAIL[0], fault.error_type or DEFAULT_FAIL[1])
            else:
                return self._fault_response(fault, routed)
        denied = self._authorised(routed, req)
        if denied is not None:
            return denied
        try:
            response = routed.handler(req, fail)
        except Exception as exc:  # a bug or an unbuildable schema: say so, as a 500
            log.exception("emulator error on %s %s", req.method, req.path)
            error = f"emulator error: {type(exc).__name__}: {exc}"
            response = (
                segmind_error(500, error) if routed.provider == "segmind" else fal_error(500, error)
            )
        response.delay += delay
        return response


def _masked(headers: Mapping[str, str]) -> dict[str, str]:
    out = dict(headers)
    for name in ("authorization", "x-api-key"):
        if name in out:
            out[name] = "***" if out[name] else ""
    return out


class _RequestHandler(BaseHTTPRequestHandler):
    emulator: Emulator
    protocol_version = "HTTP/1.1"
    server_version = "modelgen-emulator/1"
    timeout = 30

    def setup(self) -> None:
        super().setup()
        # headers and body go out in separate writes: without this, Nagle + delayed ACK add
        # ~40 ms to every keep-alive request
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def _serve(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        split = urlsplit(self.path)
        host = self.headers.get("Host") or self.emulator.url.removeprefix("http://")
        request = Request(
            self.command,
            split.path,
            parse_qs(split.query),
            {k.lower(): v for k, v in self.headers.items()},
            body,
            f"http://{host}",
        )
        response = self.emulator.handle(request)
        if response.delay > 0:
            time.sleep(response.delay)
        if response.reset:
            self.close_connection = True
            with contextlib.suppress(OSError):
                self.connection.setsockopt(
                    socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0)
                )
            return
        try:
            self.send_response(response.status)
            self.send_header("Content-Type", response.content_type)
            self.send_header("Content-Length", str(len(response.body)))
            for name, value in response.headers.items():
                self.send_header(name, value)
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(response.body)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True

    do_GET = _serve
    do_POST = _serve
    do_PUT = _serve
    do_DELETE = _serve
