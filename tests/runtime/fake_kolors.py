"""A hand-written endpoint module shaped exactly like a generated one (fal-ai/kolors)."""

from __future__ import annotations

from typing import Literal

from modelclients._runtime import AsyncFalClient, EndpointInfo, FalClient, RemoteFile
from pydantic import BaseModel, ConfigDict, Field


class ImageSize(BaseModel):
    model_config = ConfigDict(extra="forbid")
    width: int | None = Field(default=512, gt=0, le=14142)
    height: int | None = Field(default=512, gt=0, le=14142)


class Image(RemoteFile):
    url: str
    content_type: str | None = "image/jpeg"
    width: int
    height: int


class Input(BaseModel):
    model_config = ConfigDict(extra="forbid")
    prompt: str
    negative_prompt: str | None = ""
    guidance_scale: float | None = Field(default=5, ge=1, le=10)
    num_inference_steps: int | None = Field(default=50, ge=1, le=150)
    seed: int | None = None
    sync_mode: bool | None = False
    enable_safety_checker: bool | None = True
    num_images: int | None = Field(default=1, ge=1, le=8)
    image_size: (
        ImageSize
        | Literal[
            "square_hd",
            "square",
            "portrait_4_3",
            "portrait_16_9",
            "landscape_4_3",
            "landscape_16_9",
        ]
        | None
    ) = "square_hd"
    output_format: Literal["jpeg", "png"] | None = "png"


class Output(BaseModel):
    images: list[Image]
    timings: dict[str, float]
    seed: int
    has_nsfw_concepts: list[bool]
    prompt: str


ENDPOINT = EndpointInfo(
    id="fal-ai/kolors", provider="fal", protocols=("run", "queue"), file_fields=()
)


class Client(FalClient[Input, Output]):
    endpoint = ENDPOINT
    input_model = Input
    output_model = Output


class AsyncClient(AsyncFalClient[Input, Output]):
    endpoint = ENDPOINT
    input_model = Input
    output_model = Output
