"""fal's storage API, emulated: a CDN v3 token from the REST host, uploads to the CDN, and the
uploaded bytes served back from the emulator's own file URLs (docs/protocols.md §1.11).

    POST {url}/fal/rest/storage/auth/token?storage_type=fal-cdn-v3   (Authorization: Key <key>)
         -> {token, token_type, base_url, expires_at}
    POST {url}/fal/cdn/files/upload                                (Authorization: Bearer <token>)
         raw bytes, Content-Type, optional X-Fal-File-Name -> {access_url}
    GET  {url}/files/<name>                                        the uploaded bytes
"""

from __future__ import annotations

import re
import secrets
import threading
from datetime import UTC, datetime, timedelta

from .fal_protocol import fal_error
from .state import Request, Response, State

__all__ = ["TOKEN_LIFETIME", "FalStorage"]

#: How long an issued token is accepted.
TOKEN_LIFETIME = timedelta(hours=1)
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


class FalStorage:
    def __init__(self, state: State) -> None:
        self.state = state
        self._tokens: set[str] = set()
        self._lock = threading.Lock()

    def token(self, req: Request) -> Response:
        kind = req.query.get("storage_type", ["fal-cdn-v3"])[0]
        if kind != "fal-cdn-v3":
            return fal_error(
                400, f"unsupported storage_type {kind!r} (the emulator has fal-cdn-v3)"
            )
        token = secrets.token_urlsafe(24)
        with self._lock:
            self._tokens.add(token)
        expires = datetime.now(UTC) + TOKEN_LIFETIME
        return Response.json(
            200,
            {
                "token": token,
                "token_type": "Bearer",
                "base_url": f"{req.base_url}/fal/cdn",
                "expires_at": expires.isoformat(),
            },
        )

    def authorised(self, req: Request) -> bool:
        scheme, _, token = req.headers.get("authorization", "").partition(" ")
        with self._lock:
            return scheme.lower() == "bearer" and token in self._tokens

    def upload(self, req: Request) -> Response:
        if not req.body:
            return fal_error(400, "empty upload")
        content_type = req.headers.get("content-type") or "application/octet-stream"
        given = _UNSAFE.sub("_", req.headers.get("x-fal-file-name", ""))[-80:].strip("._")
        name = f"upload-{self.state.new_id()}" + (f"-{given}" if given else "")
        self.state.add_file(name, req.body, content_type)
        return Response.json(200, {"access_url": f"{req.base_url}/files/{name}"})
