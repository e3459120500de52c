"""The entry point: `Retort(url, api_key=...)` or `Retort.from_env()`."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import Any

import httpx

from ._http import Http
from .calculations import Calculations
from .errors import ConfigurationError
from .files import Files
from .models import CreatedApiKey, Me
from .tools import Tools


def config_dir() -> Path:
    """Where `retort login` keeps its settings: $RETORT_CONFIG_DIR, else the platform's user config dir."""
    if os.environ.get("RETORT_CONFIG_DIR"):
        return Path(os.environ["RETORT_CONFIG_DIR"])
    if os.name == "nt" and os.environ.get("APPDATA"):
        return Path(os.environ["APPDATA"]) / "retort"
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "retort"


def config_file() -> Path:
    return config_dir() / "config.json"


def read_config() -> dict[str, Any]:
    try:
        data = json.loads(config_file().read_text())
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def write_config(settings: dict[str, Any]) -> Path:
    """Writes the settings readable by the user only (0600, in a 0700 directory)."""
    path = config_file()
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w") as handle:
        json.dump(settings, handle, indent=2)
        handle.write("\n")
    os.chmod(path, 0o600)
    return path


class Retort:
    """A client of one Retort API.

    >>> retort = Retort("http://localhost:3000", api_key="rtk_...")
    >>> calc = retort.calculations.submit(tool="linear-regression", inputs={"data": "data.csv"})
    >>> calc.wait(progress=True).result
    """

    def __init__(
        self,
        url: str,
        *,
        api_key: str | None = None,
        token: str | None = None,
        timeout: float = 30.0,
        max_retries: int = 5,
        max_retry_wait: float = 60.0,
        transport: httpx.BaseTransport | None = None,
        sleep: Callable[[float], None] | None = None,
    ) -> None:
        if not url:
            raise ConfigurationError("no Retort URL: pass url=, set RETORT_URL, or run `retort login`")
        extra: dict[str, Any] = {} if sleep is None else {"sleep": sleep}
        self.url = url.rstrip("/")
        self._http = Http(
            self.url,
            api_key=api_key,
            token=token,
            timeout=timeout,
            max_retries=max_retries,
            max_retry_wait=max_retry_wait,
            transport=transport,
            **extra,
        )
        self.files = Files(self)
        self.tools = Tools(self)
        self.calculations = Calculations(self)

    @classmethod
    def from_env(cls, **kwargs: Any) -> Retort:
        """`RETORT_URL` with `RETORT_API_KEY` (or `RETORT_TOKEN`, an access token); what is not set
        comes from `retort login`'s settings."""
        stored = read_config()
        url = os.environ.get("RETORT_URL") or stored.get("url")
        api_key = os.environ.get("RETORT_API_KEY") or None
        token = os.environ.get("RETORT_TOKEN") or None
        if api_key is None and token is None:
            api_key = stored.get("api_key")
        if not url:
            raise ConfigurationError("RETORT_URL is not set and `retort login` has not been run")
        if not api_key and not token:
            raise ConfigurationError("RETORT_API_KEY (or RETORT_TOKEN) is not set and `retort login` has not been run")
        return cls(url, api_key=api_key, token=token, **kwargs)

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> Retort:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, value: BaseException | None, traceback: TracebackType | None
    ) -> None:
        self.close()

    def me(self) -> Me:
        return Me.model_validate(self._http.json("GET", "/users/me"))

    def create_api_key(self, name: str, *, expires_at: str | None = None) -> CreatedApiKey:
        """Creates an API key for the signed-in user (the secret is in `.key`, shown once)."""
        body: dict[str, Any] = {"name": name}
        if expires_at is not None:
            body["expiresAt"] = expires_at
        # No Idempotency-Key: the API does not replay an answer that holds a secret, so no retry either.
        data = self._http.json("POST", "/api-keys", json=body)
        return CreatedApiKey.model_validate(data)
