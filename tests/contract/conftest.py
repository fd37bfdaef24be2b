"""Fixtures of the contract tests: a fresh project copy, and a fal OpenAPI server on loopback.

No test here reaches the internet: MODELGEN_LIVE and MODELGEN_FAL_OPENAPI_URL are cleared for
every test not marked `live`, and live-mode tests point the URL at a server they start on
127.0.0.1.
"""

from __future__ import annotations

import shutil
import socket
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from generator.cli import main

ROOT = Path(__file__).resolve().parents[2]
SUPPORT = ("types.yaml", "vocabulary.yaml")


@pytest.fixture(autouse=True)
def _offline(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    if request.node.get_closest_marker("live") is None:
        monkeypatch.delenv("MODELGEN_LIVE", raising=False)
        monkeypatch.delenv("MODELGEN_FAL_OPENAPI_URL", raising=False)


@pytest.fixture(scope="session")
def _fresh_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The project's sources/ and specs support files, with specs freshly ingested from the
    manifest: built once, copied for each test that changes it."""
    root = tmp_path_factory.mktemp("project")
    shutil.copytree(ROOT / "sources", root / "sources")
    shutil.copytree(ROOT / "specs" / "providers", root / "specs" / "providers")
    for name in SUPPORT:
        shutil.copy(ROOT / "specs" / name, root / "specs" / name)
    _seeds_only(root / "sources" / "manifest.yaml")
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(root)
        assert main(["ingest"]) == 0
    return root


SEED_IDS = (
    "fal-ai/kolors",
    "fal-ai/kolors/image-to-image",
    "fal-ai/hidream-i1-full",
    "fal-ai/ideogram/v2",
    "fal-ai/stable-diffusion-v35-large",
    "fal-ai/omnigen-v2",
    "fal-ai/imagen4/preview",
    "fal-ai/hidream-i1-fast",
    "fal-ai/flux-1/schnell",
    "fal-ai/imagen4/preview/fast",
    "fal-ai/f-lite/standard",
)


def _seeds_only(manifest: Path) -> None:
    """Take only the seed endpoints from the catalogue bundle: the same sources and merges
    for them, at a fraction of the time of all 544 endpoints. (The bundle is the manifest's
    last entry; its `ids: all` and known failures are replaced by the seed ids, its `taken:`
    date is kept.)"""
    text = manifest.read_text(encoding="utf-8")
    head, _, tail = text.partition("    ids: all\n")
    taken = "".join(line + "\n" for line in tail.splitlines() if line.startswith("    taken:"))
    ids = "".join(f"      - {endpoint_id}\n" for endpoint_id in SEED_IDS)
    manifest.write_text(f"{head}{taken}    ids:\n{ids}", encoding="utf-8")


@pytest.fixture
def project(_fresh_project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private copy of the freshly ingested project, as the current directory."""
    root = tmp_path / "project"
    shutil.copytree(_fresh_project, root)
    monkeypatch.chdir(root)
    return root


@dataclass
class FalServer:
    """A stand-in for fal's OpenAPI endpoint: `docs` maps endpoint id -> document body."""

    url: str
    docs: dict[str, bytes] = field(default_factory=dict)
    asked: list[str] = field(default_factory=list)


@pytest.fixture
def fal_server() -> Iterator[FalServer]:
    served = FalServer("")

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            query = parse_qs(urlsplit(self.path).query)
            endpoint_id = query.get("endpoint_id", [""])[0]
            served.asked.append(endpoint_id)
            body = served.docs.get(endpoint_id)
            self.send_response(200 if body is not None else 404)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(body if body is not None else b'{"detail": "not found"}')

        def log_message(self, format: str, *args: object) -> None:
            return

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    served.url = f"http://127.0.0.1:{server.server_address[1]}/api/openapi/queue/openapi.json"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield served
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.fixture
def closed_port_url() -> str:
    """A loopback URL where nothing listens (a connection there is refused at once)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}/api/openapi/queue/openapi.json"
