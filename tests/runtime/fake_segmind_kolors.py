"""A generated-like Segmind module (segmind/kolors, v1 and v2)."""

from __future__ import annotations

from typing import Any, Literal

from modelclients._runtime import AsyncSegmindClient, EndpointInfo, FileOutput, SegmindClient
from pydantic import BaseModel, ConfigDict, Field


class Input(BaseModel):
    model_config = ConfigDict(extra="forbid")
    prompt: str
    cfg: float | None = Field(default=6, ge=0, le=20)
    height: int | None = Field(default=1024, ge=512, le=2048)
    width: int | None = Field(default=1024, ge=512, le=2048)
    negative_prompt: str | None = ""
    number_of_images: int | None = Field(default=1, ge=1, le=10)
    output_format: Literal["webp", "jpg", "png"] | None = "webp"
    output_quality: int | None = Field(default=80, ge=0, le=100)
    seed: int | None = 441234134
    steps: int | None = Field(default=25, ge=1, le=50)
    base64: bool | None = None


class Output(BaseModel):
    status: str
    output: FileOutput | None = None  # the image URL, typed as the generated modules type it
    metrics: dict[str, Any] | None = None


ENDPOINT = EndpointInfo(
    id="segmind/kolors", provider="segmind", protocols=("v1", "v2"), slug="kolors", file_fields=()
)


class Client(SegmindClient[Input, Output]):
    endpoint = ENDPOINT
    input_model = Input
    output_model = Output


class AsyncClient(AsyncSegmindClient[Input, Output]):
    endpoint = ENDPOINT
    input_model = Input
    output_model = Output
