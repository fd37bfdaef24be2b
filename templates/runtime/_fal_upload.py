"""fal file uploads (CDN v3, docs/protocols.md §1.11): `upload()` / `upload_file()` on the fal
clients, and large file inputs uploaded instead of inlined.

1. `POST {rest}/storage/auth/token?storage_type=fal-cdn-v3` with the API key, body `{}`, gives
   `{token, token_type, base_url, expires_at}`; the token is cached by the client until a minute
   before it expires.
2. `POST {cdn}/files/upload` with the raw bytes, `Authorization: <token_type> <token>`,
   `Content-Type` and `X-Fal-File-Name` gives `{access_url}`, the URL to pass in a file field.

Over `multipart_threshold` bytes (100 MB) step 2 is a multipart upload: `POST {cdn}/files/upload/
multipart` gives `{access_url, uploadId}`, each `multipart_part_size` (10 MB) part goes as
`PUT {access_url}/multipart/{uploadId}/{n}` (its `ETag` kept; parts are sent one after another),
and `POST {access_url}/multipart/{uploadId}/complete` with `{"parts": [{partNumber, etag}]}`.

When the CDN flow fails (any API error but a rejected key), the fallback repository is used:
`POST {rest}/storage/upload/initiate?storage_type=gcs` with `{file_name, content_type}` gives
`{upload_url, file_url}`; the bytes are `PUT` to the pre-signed `upload_url` (without the key)
and `file_url` is the URL. If the fallback fails too, its error is raised, chained to the CDN's.

`{rest}` is `FAL_REST_URL` (default `https://rest.fal.ai`); `{cdn}` is `FAL_CDN_URL`, else the
token's `base_url`. Every request follows the retry policy of idempotent calls (a repeated upload
only stores the file twice). A file input (a path, bytes or a binary file, inlined as a data URI
by validation) whose size is over the client's `upload_threshold` is uploaded before the model
request and its URL sent instead.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from ._base import BaseClient, InputT, OutputT
from ._config import NotGiven
from ._error_mapping import CallContext
from ._errors import (
    APIError,
    AuthenticationError,
    InputValidationError,
)
from ._files import decode_data_uri, read_path, sniff_mime
from ._http import HttpResponse
from ._options import CallOptions
from ._plan import Plan

__all__ = [
    "DEFAULT_UPLOAD_THRESHOLD",
    "MAX_UPLOAD_BYTES",
    "MULTIPART_PART_SIZE",
    "MULTIPART_THRESHOLD",
    "FalUploads",
]

#: File inputs larger than this many bytes are uploaded rather than inlined (per client:
#: `upload_threshold=`; None inlines everything).
DEFAULT_UPLOAD_THRESHOLD = 1024 * 1024
#: The most `upload_file` reads (the file is held in memory while it is sent).
MAX_UPLOAD_BYTES = 1024 * 1024 * 1024
#: Uploads larger than this many bytes use fal's multipart upload (per client: the
#: `multipart_threshold` attribute).
MULTIPART_THRESHOLD = 100 * 1024 * 1024
#: The size of one multipart part (per client: the `multipart_part_size` attribute).
MULTIPART_PART_SIZE = 10 * 1024 * 1024
_TOKEN_MARGIN = 60.0


@dataclass(frozen=True, slots=True)
class _CdnToken:
    header: str  # "<token_type> <token>"
    base_url: str
    good_until: float  # time.monotonic()


def _expiry(value: Any) -> float:
    """Seconds from now until an ISO-8601 `expires_at` (a short default when unreadable)."""
    try:
        moment = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
        return moment.timestamp() - time.time()
    except ValueError:
        return 300.0


class FalUploads(BaseClient[InputT, OutputT]):
    """The upload plans of the fal clients."""

    rest_url: str
    cdn_url: str | None
    upload_threshold: int | None
    #: Uploads over this many bytes are multipart; a client may lower it (tests do).
    multipart_threshold: int = MULTIPART_THRESHOLD
    #: Bytes per multipart part.
    multipart_part_size: int = MULTIPART_PART_SIZE
    _cdn_token: _CdnToken | None = None

    def _token_plan(self, *, options: CallOptions) -> Plan[_CdnToken]:
        cached = self._cdn_token
        if cached is not None and time.monotonic() < cached.good_until:
            return cached
        ctx = self._context("upload token")
        response = yield from self._send(
            ctx=ctx,
            method="POST",
            url=f"{self.rest_url}/storage/auth/token",
            options=options,
            json_body={},
            params={"storage_type": "fal-cdn-v3"},
        )
        data = self._json_object(response, ctx)
        token, kind, base = data.get("token"), data.get("token_type"), data.get("base_url")
        if not isinstance(token, str) or not token:
            raise ctx.unexpected("no token in the response", status_code=response.status_code)
        self._cdn_token = _CdnToken(
            f"{kind if isinstance(kind, str) and kind else 'Bearer'} {token}",
            (self.cdn_url or (base if isinstance(base, str) and base else None) or "").rstrip("/")
            or "https://v3.fal.media",
            time.monotonic() + _expiry(data.get("expires_at")) - _TOKEN_MARGIN,
        )
        return self._cdn_token

    def _upload_plan(
        self,
        *,
        data: bytes,
        content_type: str | None,
        file_name: str | None,
        options: CallOptions,
    ) -> Plan[str]:
        mime = content_type or sniff_mime(data, file_name)
        name = Path(file_name).name if file_name else None
        try:
            return (
                yield from self._cdn_upload_plan(data=data, mime=mime, name=name, options=options)
            )
        except AuthenticationError:
            raise
        except APIError as cdn_error:
            try:
                return (
                    yield from self._fallback_upload_plan(
                        data=data, mime=mime, name=name, options=options
                    )
                )
            except APIError as fallback_error:
                raise fallback_error from cdn_error

    def _cdn_upload_plan(
        self, *, data: bytes, mime: str, name: str | None, options: CallOptions
    ) -> Plan[str]:
        token = yield from self._token_plan(options=options)
        headers = {"Authorization": token.header, "Content-Type": mime}
        if name:
            headers["X-Fal-File-Name"] = name
        if len(data) > self.multipart_threshold:
            ctx = self._context("upload (multipart)")
            started = yield from self._send(
                ctx=ctx,
                method="POST",
                url=f"{token.base_url}/files/upload/multipart",
                options=options,
                headers=headers,
            )
            found = self._json_object(started, ctx)
            url = _text_field(found, "access_url", ctx, started)
            upload_id = _text_field(found, "uploadId", ctx, started)
            part_headers = {"Authorization": token.header, "Content-Type": mime}
            yield from self._parts_plan(
                data=data,
                upload_url=f"{url}/multipart/{upload_id}",
                headers=part_headers,
                options=options,
            )
            return url
        ctx = self._context("upload")
        response = yield from self._send(
            ctx=ctx,
            method="POST",
            url=f"{token.base_url}/files/upload",
            options=options,
            headers=headers,
            raw_body=data,
        )
        return _text_field(self._json_object(response, ctx), "access_url", ctx, response)

    def _parts_plan(
        self, *, data: bytes, upload_url: str, headers: dict[str, str], options: CallOptions
    ) -> Plan[None]:
        size = max(1, self.multipart_part_size)
        parts: list[dict[str, Any]] = []
        for number, offset in enumerate(range(0, len(data), size), start=1):
            ctx = self._context(f"upload part {number}")
            response = yield from self._send(
                ctx=ctx,
                method="PUT",
                url=f"{upload_url}/{number}",
                options=options,
                headers=headers,
                raw_body=data[offset : offset + size],
            )
            etag = response.headers.get("etag")
            if not etag:
                raise ctx.unexpected(
                    "the part was answered without an ETag", status_code=response.status_code
                )
            parts.append({"partNumber": number, "etag": etag})
        yield from self._send(
            ctx=self._context("upload complete"),
            method="POST",
            url=f"{upload_url}/complete",
            options=options,
            headers={"Authorization": headers["Authorization"]},
            json_body={"parts": parts},
        )

    def _fallback_upload_plan(
        self, *, data: bytes, mime: str, name: str | None, options: CallOptions
    ) -> Plan[str]:
        ctx = self._context("upload (fallback)")
        response = yield from self._send(
            ctx=ctx,
            method="POST",
            url=f"{self.rest_url}/storage/upload/initiate",
            options=options,
            json_body={"file_name": name or "upload.bin", "content_type": mime},
            params={"storage_type": "gcs"},
        )
        found = self._json_object(response, ctx)
        upload_url = _text_field(found, "upload_url", ctx, response)
        file_url = _text_field(found, "file_url", ctx, response)
        yield from self._send(
            ctx=ctx,
            method="PUT",
            url=upload_url,
            options=options,
            headers={"Content-Type": mime},
            raw_body=data,
            send_key=False,
        )
        return file_url

    def _upload_file_plan(self, *, path: str | Path, options: CallOptions) -> Plan[str]:
        target = Path(path)
        try:
            data = read_path(target, MAX_UPLOAD_BYTES)
        except ValueError as exc:
            raise InputValidationError(
                f"upload_file: {exc}", endpoint_id=self.endpoint.id, errors=[]
            ) from None
        return (
            yield from self._upload_plan(
                data=data, content_type=None, file_name=target.name, options=options
            )
        )

    def _uploaded_inputs_plan(
        self, *, body: dict[str, Any], options: CallOptions
    ) -> Plan[dict[str, Any]]:
        """`body` with every file field's data URI over the upload threshold (the call's
        `options.upload_threshold`, else the client's) uploaded and replaced by its URL."""
        given = options.upload_threshold
        threshold = self.upload_threshold if isinstance(given, NotGiven) else given
        if threshold is None:
            return body

        def too_big(value: Any) -> bool:  # base64 takes 4 characters per 3 bytes
            return (
                isinstance(value, str)
                and value.startswith("data:")
                and len(value) * 3 > threshold * 4
            )

        def upload(value: Any) -> Plan[Any]:
            if not too_big(value):
                return value
            data, mime = decode_data_uri(value)
            if len(data) <= threshold:
                return value
            return (
                yield from self._upload_plan(
                    data=data, content_type=mime, file_name=None, options=options
                )
            )

        out = dict(body)
        for name in self.endpoint.file_fields:
            value = out.get(name)
            if isinstance(value, list):
                items = []
                for item in value:
                    items.append((yield from upload(item)))
                out[name] = items
            elif value is not None:
                out[name] = yield from upload(value)
        return out


def _text_field(data: dict[str, Any], name: str, ctx: CallContext, response: HttpResponse) -> str:
    """The non-empty string `data[name]` of an upload answer."""
    value = data.get(name)
    if not isinstance(value, str) or not value:
        raise ctx.unexpected(f"no {name} in the response", status_code=response.status_code)
    return value
