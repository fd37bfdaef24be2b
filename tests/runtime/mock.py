"""httpx.MockTransport helpers for unit tests of the client logic."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import httpx

Responder = Callable[[httpx.Request], httpx.Response]


class Recorder:
    """A MockTransport handler that records requests and answers from a script."""

    def __init__(self, *answers: httpx.Response | Exception | Responder) -> None:
        self.answers = list(answers)
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        answer = self.answers.pop(0) if len(self.answers) > 1 else self.answers[0]
        if isinstance(answer, Exception):
            raise answer
        if isinstance(answer, httpx.Response):
            return answer
        return answer(request)

    def client(self) -> httpx.Client:
        return httpx.Client(transport=httpx.MockTransport(self))

    def async_client(self) -> httpx.AsyncClient:
        return httpx.AsyncClient(transport=httpx.MockTransport(self))

    def bodies(self) -> list[Any]:
        return [json.loads(r.content) if r.content else None for r in self.requests]


def ok(data: Any, status: int = 200, headers: dict[str, str] | None = None) -> httpx.Response:
    return httpx.Response(status, json=data, headers=headers)


QUEUED = {
    "request_id": "rid-1",
    "status_url": "https://elsewhere.example/q/fal-ai/kolors/requests/rid-1/status",
    "response_url": "https://elsewhere.example/q/fal-ai/kolors/requests/rid-1",
    "cancel_url": "https://elsewhere.example/q/fal-ai/kolors/requests/rid-1/cancel",
}
OUTPUT = {
    "images": [{"url": "https://cdn.example/a.png", "width": 8, "height": 8}],
    "timings": {},
    "seed": 1,
    "has_nsfw_concepts": [False],
    "prompt": "x",
}
