"""fal's storage API, emulated: a CDN v3 token from the REST host, uploads to the CDN, and the
uploaded bytes served back from the emulator's own file URLs (docs/protocols.md §1.11).

    POST {url}/fal/rest/storage/auth/token?storage_type=fal-cdn-v3   (Authorization: Key <key>)
         -> {token, token_type, base_url, expires_at}
    POST {url}/fal/cdn/files/upload                                (Authorization: Bearer <token>)
         raw bytes, Content-Type, optional X-Fal-File-Name -> {access_url}
    POST {url}/fal/cdn/files/upload/multipart                      (Bearer) -> {access_url, uploadId}
    PUT  <access_url>/multipart/<uploadId>/<n>                     (Bearer) one part -> ETag header
    POST <access_url>/multipart/<uploadId>/complete                (Bearer) {"parts": [...]}
    POST {url}/fal/rest/storage/upload/initiate?storage_type=gcs   (Key) the fallback repository
         {file_name, content_type} -> {upload_url, file_url}
    PUT  <upload_url>                                              pre-signed: no credential
    GET  {url}/files/<name>                                        the uploaded bytes
"""

from __future__ import annotations

import hashlib
import re
import secrets
import threading
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from .fal_protocol import fal_error
from .state import Request, Response, State

__all__ = ["TOKEN_LIFETIME", "FalStorage"]

#: How long an issued token is accepted.
TOKEN_LIFETIME = timedelta(hours=1)
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


@dataclass
class _Multipart:
    name: str
    content_type: str
    parts: dict[int, bytes] = field(default_factory=dict)


class FalStorage:
    def __init__(self, state: State) -> None:
        self.state = state
        self._tokens: set[str] = set()
        self._multiparts: dict[str, _Multipart] = {}
        self._signed: dict[str, tuple[str, str]] = {}  # signature -> (file name, content type)
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

    def _new_name(self, given: str) -> str:
        safe = _UNSAFE.sub("_", given)[-80:].strip("._")
        return f"upload-{self.state.new_id()}" + (f"-{safe}" if safe else "")

    def upload(self, req: Request) -> Response:
        if not req.body:
            return fal_error(400, "empty upload")
        content_type = req.headers.get("content-type") or "application/octet-stream"
        name = self._new_name(req.headers.get("x-fal-file-name", ""))
        self.state.add_file(name, req.body, content_type)
        return Response.json(200, {"access_url": f"{req.base_url}/files/{name}"})

    def multipart_start(self, req: Request) -> Response:
        content_type = req.headers.get("content-type") or "application/octet-stream"
        name = self._new_name(req.headers.get("x-fal-file-name", ""))
        upload_id = secrets.token_hex(8)
        with self._lock:
            self._multiparts[upload_id] = _Multipart(name, content_type)
        return Response.json(
            200, {"access_url": f"{req.base_url}/files/{name}", "uploadId": upload_id}
        )

    def multipart_part(self, req: Request, name: str, upload_id: str, number: str) -> Response:
        if not number.isdigit() or int(number) < 1:
            return fal_error(400, f"bad part number {number!r}")
        if not req.body:
            return fal_error(400, "empty part")
        with self._lock:
            upload = self._multiparts.get(upload_id)
            if upload is None or upload.name != name:
                return fal_error(404, "Unknown multipart upload")
            upload.parts[int(number)] = req.body
        return Response.json(200, {}, headers={"ETag": _etag(req.body)})

    def multipart_complete(self, req: Request, name: str, upload_id: str) -> Response:
        try:
            listed = [(int(p["partNumber"]), str(p["etag"])) for p in req.json()["parts"]]
        except (ValueError, TypeError, KeyError):
            return fal_error(400, 'complete needs {"parts": [{"partNumber": n, "etag": ...}]}')
        with self._lock:
            upload = self._multiparts.get(upload_id)
            if upload is None or upload.name != name:
                return fal_error(404, "Unknown multipart upload")
            numbers = sorted(n for n, _ in listed)
            if not listed or numbers != list(range(1, len(listed) + 1)):
                return fal_error(400, "parts must be numbered 1..n without gaps")
            for number, etag in listed:
                part = upload.parts.get(number)
                if part is None or _etag(part) != etag:
                    return fal_error(400, f"part {number}: unknown part or ETag mismatch")
            del self._multiparts[upload_id]
        data = b"".join(upload.parts[n] for n in numbers)
        self.state.add_file(name, data, upload.content_type)
        return Response.json(200, {"access_url": f"{req.base_url}/files/{name}"})

    def initiate(self, req: Request) -> Response:
        kind = req.query.get("storage_type", ["gcs"])[0]
        body = req.json() if req.body else {}
        if not isinstance(body, dict):
            return fal_error(422, "body must be {file_name, content_type}")
        name = self._new_name(str(body.get("file_name") or ""))
        signature = secrets.token_urlsafe(16)
        content_type = str(body.get("content_type") or "application/octet-stream")
        with self._lock:
            self._signed[signature] = (name, content_type)
        return Response.json(
            200,
            {
                "upload_url": f"{req.base_url}/fal/gcs/{signature}/{name}",
                "file_url": f"{req.base_url}/files/{name}",
                "storage_type": kind,
            },
        )

    def signed_put(self, req: Request, signature: str, name: str) -> Response:
        with self._lock:
            found = self._signed.get(signature)
            if found is None or found[0] != name:
                return Response.json(403, {"detail": "Invalid or expired signature"})
            del self._signed[signature]
        content_type = req.headers.get("content-type") or found[1]
        self.state.add_file(name, req.body, content_type)
        return Response(200)


def _etag(data: bytes) -> str:
    return f'"{hashlib.md5(data, usedforsecurity=False).hexdigest()}"'
