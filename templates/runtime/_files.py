"""Files in and out: `FileInput` (parameters), `RemoteFile` (output objects with a `url`) and
`FileOutput` (an output that is the file's URL itself, such as Segmind v2's `output`).

A file parameter accepts a URL or data-URI string (sent as is), a local path (`pathlib.Path` or
any `os.PathLike`), raw `bytes`, or a file opened in binary mode. Everything that is not a string
is read and inlined as a `data:<mime>;base64,...` URI, which both providers accept in URL fields.
Plain strings are never read from disk: pass a `Path` for a local file.

A path must name a regular, readable file (not a directory, FIFO or device), checked before
anything is read; at most `MAX_INLINE_BYTES` are read from a path or a file object. Anything else
is refused as a validation error naming the field, before any request is sent.

The transport (`_http`), the error classes and `mimetypes` are imported where they are used, so
an endpoint module whose models hold files loads none of them until a file is read or sent;
`FileOutput` is made when first named.
"""

from __future__ import annotations

import base64
import binascii
import os
import stat
from pathlib import Path
from typing import IO, TYPE_CHECKING, Annotated, Any, TypeAlias
from urllib.parse import unquote_to_bytes, urlsplit

from pydantic import BeforeValidator

from ._output_model import OutputModel

if TYPE_CHECKING:
    from . import _http
    from ._errors import APIConnectionError

__all__ = [
    "MAX_INLINE_BYTES",
    "FileInput",
    "FileOutput",
    "RemoteFile",
    "decode_data_uri",
    "encode_data_uri",
    "extension_for",
    "read_path",
    "sniff_mime",
    "write_file",
]

#: The largest file inlined as a data URI (base64 makes the request body a third larger).
MAX_INLINE_BYTES = 50 * 1024 * 1024
_TOO_LARGE = (
    "the file is larger than {limit} MB, the most that is sent inline as a data URI; "
    "upload it (to your storage or fal's CDN) and pass its URL instead"
)

_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"GIF87a", "image/gif"),
    (b"GIF89a", "image/gif"),
    (b"%PDF", "application/pdf"),
)

_EXTENSIONS = {
    "image/jpeg": ".jpg",
    "image/png": ".png",
    "image/webp": ".webp",
    "image/gif": ".gif",
    "video/mp4": ".mp4",
    "audio/mpeg": ".mp3",
    "audio/wav": ".wav",
    "application/json": ".json",
}


def sniff_mime(data: bytes, name: str | None = None) -> str:
    """MIME type from the file name, else from the first bytes, else application/octet-stream."""
    if name:
        import mimetypes

        guessed, _ = mimetypes.guess_type(name)
        if guessed:
            return guessed
    for magic, mime in _MAGIC:
        if data.startswith(magic):
            return mime
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    if data[4:8] == b"ftyp":
        return "video/mp4"
    return "application/octet-stream"


def extension_for(content_type: str | None) -> str:
    """A file extension (with the dot) for a MIME type; empty when unknown."""
    if not content_type:
        return ""
    mime = content_type.split(";")[0].strip().lower()
    if mime in _EXTENSIONS:
        return _EXTENSIONS[mime]
    import mimetypes

    return mimetypes.guess_extension(mime) or ""


def encode_data_uri(data: bytes, content_type: str | None = None) -> str:
    """`data:<mime>;base64,<data>`."""
    mime = content_type or sniff_mime(data)
    return f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"


def decode_data_uri(uri: str) -> tuple[bytes, str | None]:
    """(bytes, MIME type) of a `data:` URI; raises ValueError when it is not one."""
    if not uri.startswith("data:") or "," not in uri:
        raise ValueError("not a data URI")
    header, payload = uri[5:].split(",", 1)
    parts = header.split(";")
    mime = parts[0] or None
    if "base64" in parts[1:]:
        try:
            return base64.b64decode(payload, validate=False), mime
        except binascii.Error as exc:
            raise ValueError(f"invalid base64 in data URI: {exc}") from None
    return unquote_to_bytes(payload), mime


def _bounded(data: bytes, limit: int | None = None) -> bytes:
    limit = MAX_INLINE_BYTES if limit is None else limit
    if len(data) > limit:
        raise ValueError(_TOO_LARGE.format(limit=limit // (1024 * 1024)))
    return data


def read_path(path: Path, limit: int | None = None) -> bytes:
    """The bytes of a regular, readable file; ValueError (naming the path) for anything else.

    Opened without blocking (a FIFO swapped in after the check cannot hang), then checked again
    on the open descriptor; at most `limit` (default `MAX_INLINE_BYTES`) + 1 bytes are read."""
    limit = MAX_INLINE_BYTES if limit is None else limit
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except FileNotFoundError:
        raise ValueError(f"no such file: {path}") from None
    except PermissionError:
        raise ValueError(f"the file cannot be read (permission denied): {path}") from None
    except IsADirectoryError:
        raise ValueError(f"a directory, not a file: {path}") from None
    except OSError as exc:
        raise ValueError(f"the file cannot be opened ({exc.strerror}): {path}") from None
    try:
        mode = os.fstat(fd).st_mode
        if stat.S_ISDIR(mode):
            raise ValueError(f"a directory, not a file: {path}")
        if not stat.S_ISREG(mode):
            raise ValueError(f"not a regular file (a FIFO, socket or device): {path}")
        with os.fdopen(fd, "rb", closefd=False) as handle:
            try:
                return _bounded(handle.read(limit + 1), limit)
            except OSError as exc:
                raise ValueError(f"the file cannot be read ({exc.strerror}): {path}") from None
    finally:
        os.close(fd)


def _to_data_uri(value: Any) -> Any:
    """pydantic before-validator behind FileInput."""
    if isinstance(value, str):
        if not value.isascii():  # a lone surrogate is no text UTF-8 (or JSON) can carry
            try:
                value.encode("utf-8")
            except UnicodeEncodeError:
                from ._json_values import sendable

                sendable(value)  # raises, saying where
        return value
    if isinstance(value, bytes | bytearray | memoryview):
        return encode_data_uri(_bounded(bytes(value)))
    if isinstance(value, os.PathLike):
        path = Path(os.fspath(value))
        data = read_path(path)
        return encode_data_uri(data, sniff_mime(data, path.name))
    read = getattr(value, "read", None)
    if callable(read):
        data = read(MAX_INLINE_BYTES + 1)
        if not isinstance(data, bytes):
            raise ValueError("a file input must be opened in binary mode ('rb')")
        name = getattr(value, "name", None)
        return encode_data_uri(
            _bounded(data), sniff_mime(data, name if isinstance(name, str) else None)
        )
    raise ValueError(
        "expected a URL or data-URI string, a path, bytes or a binary file, "
        f"got {type(value).__name__}"
    )


if TYPE_CHECKING:
    FileInput: TypeAlias = str | bytes | os.PathLike[str] | IO[bytes]
else:
    FileInput = Annotated[str, BeforeValidator(_to_data_uri)]


_MAX_NAME_BYTES = 255
"""The longest file name (in UTF-8 bytes) the common file systems take."""


def _safe_name(name: str) -> str | None:
    """`name` as a plain file name in the folder `save` is given, or None when nothing usable
    is left. The name comes from the server, so it may hold folders (`../x`, `a\\b`), be `.` or
    `..`, hold NUL or other control characters, or be too long for the file system; only its
    last segment is kept, control characters are dropped, and a long name is cut, keeping its
    extension."""
    last = name.replace("\\", "/").rsplit("/", 1)[-1]
    last = "".join(c for c in last if c.isprintable()).strip()
    if last in ("", ".", ".."):
        return None
    if len(last.encode("utf-8")) > _MAX_NAME_BYTES:
        stem, dot, ext = last.rpartition(".")
        ext = f".{ext}" if dot and stem and len(ext) <= 16 else ""
        budget = _MAX_NAME_BYTES - len(ext.encode("utf-8"))
        last = (stem if ext else last).encode("utf-8")[:budget].decode("utf-8", "ignore") + ext
    return last


def write_file(path: str | os.PathLike[str], data: bytes, default_name: str) -> Path:
    """Write `data` to `path`, or to `path/default_name` when `path` is a directory."""
    target = Path(path)
    if target.is_dir():
        target = target / default_name
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)
    return target


def _checked(response: _http.HttpResponse, url: str) -> bytes:
    if response.status_code >= 400:
        from ._errors import APIStatusError

        raise APIStatusError(
            f"downloading {_safe_url(url)} failed: HTTP {response.status_code}",
            status_code=response.status_code,
            headers=response.headers,
        )
    return response.content


def _safe_url(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}{parts.path}" if parts.netloc else url[:64]


def _download_error(url: str, failure: _http.TransportFailure) -> APIConnectionError:
    from ._errors import APIConnectionError, APITimeoutError

    cls = APITimeoutError if failure.timeout else APIConnectionError
    return cls(f"downloading {_safe_url(url)} failed: {failure}", may_have_been_sent=failure.sent)


class RemoteFile(OutputModel):
    """Base of output objects that point at a file (`url`): `read()` / `save()` fetch it.

    fal returns data URIs instead of URLs with `sync_mode`; both work the same way here.
    """

    url: str

    def _default_name(self) -> str:
        """The name `save(folder)` gives the file: the server's `file_name`, else the URL's last
        segment, else `output.<ext>` (both come from the server: see `_safe_name`)."""
        file_name = getattr(self, "file_name", None)
        name = _safe_name(file_name) if isinstance(file_name, str) else None
        if name:
            return name
        content_type = getattr(self, "content_type", None)
        if not self.url.startswith("data:"):
            name = _safe_name(Path(urlsplit(self.url).path).name)
            if name:
                return name
        else:
            content_type = content_type or decode_data_uri(self.url)[1]
        return "output" + extension_for(content_type if isinstance(content_type, str) else None)

    def read(self, *, timeout: float | None = 60.0) -> bytes:
        """The file's bytes: decoded from a data URI, or downloaded (no credentials are sent)."""
        if self.url.startswith("data:"):
            return decode_data_uri(self.url)[0]
        from . import _http

        try:
            return _checked(_http.fetch(self.url, timeout=timeout), self.url)
        except _http.TransportFailure as failure:
            raise _download_error(self.url, failure) from failure

    async def aread(self, *, timeout: float | None = 60.0) -> bytes:
        """Async `read`."""
        if self.url.startswith("data:"):
            return decode_data_uri(self.url)[0]
        from . import _http

        try:
            return _checked(await _http.fetch_async(self.url, timeout=timeout), self.url)
        except _http.TransportFailure as failure:
            raise _download_error(self.url, failure) from failure

    def save(self, path: str | os.PathLike[str], *, timeout: float | None = 60.0) -> Path:
        """Write the file to `path` (or into it, when it is a directory); returns the path."""
        return write_file(path, self.read(timeout=timeout), self._default_name())

    async def asave(self, path: str | os.PathLike[str], *, timeout: float | None = 60.0) -> Path:
        """Async `save`."""
        return write_file(path, await self.aread(timeout=timeout), self._default_name())


def _file_from_url(value: Any) -> Any:
    """pydantic before-validator behind FileOutput: a bare URL (or data URI) is the file."""
    return {"url": value} if isinstance(value, str) else value


def _url_of(file: RemoteFile) -> str:
    return file.url


if TYPE_CHECKING:
    FileOutput: TypeAlias = RemoteFile
else:

    def __getattr__(name: str) -> Any:
        """`FileOutput`, made when first named (PEP 562): it needs pydantic's serializer module,
        which an endpoint without file outputs never loads otherwise."""
        if name != "FileOutput":
            raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
        from pydantic import PlainSerializer

        #: An output string that is a file's URL: read as a `RemoteFile` (`.url`, `read()`,
        #: `save()`), dumped back as the string the provider sent.
        file_output = Annotated[
            RemoteFile, BeforeValidator(_file_from_url), PlainSerializer(_url_of, return_type=str)
        ]
        return globals().setdefault(name, file_output)
