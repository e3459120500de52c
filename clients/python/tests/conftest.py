"""Fixtures against the real stack: RETORT_URL (e.g. from scripts/with-stack.sh --examples) and the
development users of the Keycloak realm. Every test gets API keys of its own: the API limits each key
to API_KEY_RATE_PER_MINUTE requests a minute."""

from __future__ import annotations

import os
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from retort import Retort

from credentials import password_token

_tokens: dict[str, tuple[float, str]] = {}


def token_for(username: str) -> str:
    cached = _tokens.get(username)
    if cached and time.monotonic() - cached[0] < 120:
        return cached[1]
    token = password_token(username)
    _tokens[username] = (time.monotonic(), token)
    return token


@pytest.fixture(scope="session")
def url() -> str:
    value = os.environ.get("RETORT_URL")
    if not value:
        pytest.exit("RETORT_URL is not set: run under scripts/with-stack.sh --examples", returncode=2)
    return value.rstrip("/")


@pytest.fixture
def new_key(url: str) -> Callable[[str], str]:
    def make(username: str) -> str:
        with Retort(url, token=token_for(username)) as client:
            return client.create_api_key(f"pytest {uuid.uuid4().hex[:8]}").key

    return make


@pytest.fixture
def alice(url: str, new_key: Callable[[str], str]) -> Iterator[Retort]:
    with Retort(url, api_key=new_key("alice")) as client:
        yield client


@pytest.fixture
def tom(url: str, new_key: Callable[[str], str]) -> Iterator[Retort]:
    with Retort(url, api_key=new_key("tom")) as client:
        yield client


@pytest.fixture
def csv_file(tmp_path: Path) -> Path:
    path = tmp_path / "data.csv"
    rows = ["x,y"] + [f"{x},{2 * x + 1 + (0.1 if x % 2 else -0.1)}" for x in range(1, 21)]
    path.write_text("\n".join(rows) + "\n")
    return path
