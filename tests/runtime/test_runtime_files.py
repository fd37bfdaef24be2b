"""FileInput conversions and RemoteFile on data URIs (http URLs: see tests/e2e)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from modelclients._runtime import FileInput, RemoteFile, _files, decode_data_uri, encode_data_uri
from pydantic import BaseModel, ValidationError

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 8
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 8
WEBP = b"RIFF\x00\x00\x00\x00WEBPVP8 "


def uri(value: object) -> str:
    assert isinstance(value, str)
    return value


class Model(BaseModel):
    image_url: FileInput
    extra_urls: list[FileInput] | None = None
    optional_url: FileInput | None = None


def test_strings_are_kept() -> None:
    for value in ("https://example.com/a.png", "data:image/png;base64,AAAA", "aGVsbG8=", "a.png"):
        assert Model(image_url=value).image_url == value


def test_bytes_path_and_binary_file_become_data_uris(tmp_path: Path) -> None:
    assert Model(image_url=PNG).image_url == encode_data_uri(PNG, "image/png")
    assert uri(Model(image_url=JPEG).image_url).startswith("data:image/jpeg;base64,")
    assert uri(Model(image_url=WEBP).image_url).startswith("data:image/webp;base64,")
    assert uri(Model(image_url=b"???").image_url).startswith(
        "data:application/octet-stream;base64,"
    )
    path = tmp_path / "photo.jpg"
    path.write_bytes(PNG)  # the name decides the type when it can
    assert uri(Model(image_url=path).image_url).startswith("data:image/jpeg;base64,")
    with path.open("rb") as handle:
        assert Model(image_url=handle).image_url == Model(image_url=path).image_url
    model = Model(image_url=io.BytesIO(PNG), extra_urls=[PNG, "https://x/y.png"], optional_url=None)
    assert uri(model.image_url).startswith("data:image/png;base64,")
    assert model.extra_urls is not None and model.extra_urls[1] == "https://x/y.png"
    assert decode_data_uri(uri(model.extra_urls[0])) == (PNG, "image/png")
    assert model.model_dump(exclude_unset=True)["optional_url"] is None


def test_bad_file_inputs() -> None:
    with pytest.raises(ValidationError, match="binary mode"):
        Model(image_url=io.StringIO("text"))  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match="got int"):
        Model(image_url=3)  # type: ignore[arg-type]


def test_data_uri_round_trip() -> None:
    assert decode_data_uri("data:text/plain,hello%20world") == (b"hello world", "text/plain")
    with pytest.raises(ValueError):
        decode_data_uri("https://x")


class Image(RemoteFile):
    content_type: str | None = None
    file_name: str | None = None


def test_remote_file_from_data_uri(tmp_path: Path) -> None:
    image = Image(url=encode_data_uri(JPEG, "image/jpeg"))
    assert image.read() == JPEG
    saved = image.save(tmp_path)
    assert saved == tmp_path / "output.jpg" and saved.read_bytes() == JPEG
    named = Image(url=encode_data_uri(PNG), file_name="../../evil/name.png")
    assert named.save(tmp_path) == tmp_path / "name.png"  # only the file name is used
    explicit = image.save(tmp_path / "sub" / "x.bin")
    assert explicit.read_bytes() == JPEG


@pytest.mark.parametrize(
    ("served", "saved_as"),
    [
        ("..", "output.jpg"),
        (".", "output.jpg"),
        ("a/..", "output.jpg"),
        ("/", "output.jpg"),
        (" ", "output.jpg"),
        ("..\\..\\evil.png", "evil.png"),
        ("\x00.png", ".png"),
        ("a\nb.png", "ab.png"),
        ("\u202egnp.exe", "gnp.exe"),
        ("x" * 300 + ".png", "x" * 251 + ".png"),
        ("é" * 200 + ".jpeg", "é" * 125 + ".jpeg"),
        ("y" * 300, "y" * 255),
    ],
    ids=repr,
)
def test_a_served_file_name_saves_inside_the_folder_given(
    tmp_path: Path, served: str, saved_as: str
) -> None:
    """The file name comes from the server: folders, `.` and `..`, control and direction
    characters and names too long for the file system never make `save(folder)` write
    elsewhere or fail; what is left is a plain name in the folder (or `output.<ext>`)."""
    image = Image(url=encode_data_uri(JPEG, "image/jpeg"), file_name=served)
    saved = image.save(tmp_path)
    assert saved == tmp_path / saved_as and saved.read_bytes() == JPEG
    assert len(saved.name.encode("utf-8")) <= 255


def test_a_url_that_ends_in_dot_dot_saves_as_output(tmp_path: Path) -> None:
    assert Image(url="https://files.example/a/..")._default_name() == "output"
    assert Image(url="https://files.example/a/b.png?x=1")._default_name() == "b.png"


def _refusal(value: object) -> str:
    with pytest.raises(ValidationError) as info:
        Model(image_url=value)  # type: ignore[arg-type]
    (error,) = info.value.errors()
    assert error["loc"] == ("image_url",)
    return str(error["msg"])


def test_paths_that_are_not_regular_readable_files_are_refused(tmp_path: Path) -> None:
    import os

    assert "no such file" in _refusal(tmp_path / "missing.png")
    assert "a directory, not a file" in _refusal(tmp_path)
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    assert "not a regular file" in _refusal(fifo)  # refused at once, not read for ever
    assert "not a regular file" in _refusal(Path("/dev/zero"))  # not read until MemoryError


def test_unreadable_files_are_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    locked = tmp_path / "locked.png"
    locked.write_bytes(PNG)

    def denied(*args: object, **kwargs: object) -> int:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "open", denied)  # as chmod 000 does for anyone but root
    assert _refusal(locked) == f"Value error, the file cannot be read (permission denied): {locked}"


def test_reading_is_bounded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # `_files` is imported with FileInput at the top: other tests re-import modelclients, and the
    # limit must be patched in the module whose validator `Model` uses.
    monkeypatch.setattr(_files, "MAX_INLINE_BYTES", 16)
    big = tmp_path / "big.png"
    big.write_bytes(PNG + b"\x00" * 17)
    for value in (big, big.read_bytes(), io.BytesIO(big.read_bytes())):
        message = _refusal(value)
        assert "larger than" in message and "pass its URL" in message
    exact = tmp_path / "exact.png"
    exact.write_bytes(PNG)  # 16 bytes: at the limit, accepted
    assert decode_data_uri(uri(Model(image_url=exact).image_url))[0] == PNG
