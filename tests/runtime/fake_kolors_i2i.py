"""A generated-like module with a file input (fal-ai/kolors/image-to-image)."""

from __future__ import annotations

from typing import Literal

from modelclients._runtime import AsyncFalClient, EndpointInfo, FalClient, FileInput, RemoteFile
from pydantic import BaseModel, ConfigDict, Field


class Image(RemoteFile):
    url: str
    content_type: str | None = None
    width: int | None = None
    height: int | None = None


class Input(BaseModel):
    model_config = ConfigDict(extra="forbid")
    prompt: str
    image_url: FileInput
    mask_urls: list[FileInput] | None = None
    strength: float | None = Field(default=0.85, ge=0, le=1)
    sync_mode: bool | None = False
    output_format: Literal["jpeg", "png"] | None = "jpeg"


class Output(BaseModel):
    images: list[Image]
    seed: int


ENDPOINT = EndpointInfo(
    id="fal-ai/kolors/image-to-image",
    provider="fal",
    protocols=("run", "queue"),
    file_fields=("image_url", "mask_urls"),
)


class Client(FalClient[Input, Output]):
    endpoint = ENDPOINT
    input_model = Input
    output_model = Output


class AsyncClient(AsyncFalClient[Input, Output]):
    endpoint = ENDPOINT
    input_model = Input
    output_model = Output
