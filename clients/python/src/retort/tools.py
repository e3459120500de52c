"""Tools: the catalogue, and publishing for tool authors."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from ._http import IDEMPOTENCY_HEADER, new_idempotency_key
from ._pagination import paginate
from .models import Tool, ToolDetail, ToolVersion, ToolVersionSummary

if TYPE_CHECKING:
    from .client import Retort


def _details(display_name: str | None, description: str | None, tags: Sequence[str] | None) -> dict[str, Any]:
    """The camelCase body fields of a tool's details, without the ones left out (None)."""
    body: dict[str, Any] = {}
    if display_name is not None:
        body["displayName"] = display_name
    if description is not None:
        body["description"] = description
    if tags is not None:
        body["tags"] = list(tags)
    return body


class Tools:
    def __init__(self, client: Retort) -> None:
        self._http = client._http

    def list(self, *, search: str | None = None, tag: str | None = None, page_size: int = 100) -> Iterator[Tool]:
        return paginate(self._http, "/tools", {"search": search, "tag": tag}, Tool, page_size)

    def get(self, name: str) -> ToolDetail:
        """The tool with its latest non-deprecated version (`latest_version`, None if it has none)."""
        return ToolDetail.model_validate(self._http.json("GET", f"/tools/{quote(name, safe='')}"))

    def versions(self, name: str, *, page_size: int = 100) -> Iterator[ToolVersionSummary]:
        return paginate(self._http, f"/tools/{quote(name, safe='')}/versions", {}, ToolVersionSummary, page_size)

    def version(self, name: str, version: str) -> ToolVersion:
        path = f"/tools/{quote(name, safe='')}/versions/{quote(version, safe='')}"
        return ToolVersion.model_validate(self._http.json("GET", path))

    def create(
        self,
        name: str,
        *,
        display_name: str | None = None,
        description: str | None = None,
        tags: Sequence[str] | None = None,
    ) -> Tool:
        """Creates a tool (tool authors). `Conflict` when the name is taken."""
        body = {"name": name, **_details(display_name, description, tags)}
        data = self._http.json("POST", "/tools", json=body, headers={IDEMPOTENCY_HEADER: new_idempotency_key()})
        return Tool.model_validate(data)

    def update(
        self,
        name: str,
        *,
        display_name: str | None = None,
        description: str | None = None,
        tags: Sequence[str] | None = None,
        active: bool | None = None,
    ) -> Tool:
        body = _details(display_name, description, tags)
        if active is not None:
            body["isActive"] = active
        return Tool.model_validate(self._http.json("PATCH", f"/tools/{quote(name, safe='')}", json=body))

    def publish(self, name: str, version: dict[str, Any]) -> ToolVersion:
        """Publishes a version: `version` is the body of `POST /tools/:name/versions` (camelCase keys,
        `version`, `image`, `code`, `parametersSchema`, `limits`, ...). `Conflict` when it exists."""
        data = self._http.json(
            "POST",
            f"/tools/{quote(name, safe='')}/versions",
            json=version,
            headers={IDEMPOTENCY_HEADER: new_idempotency_key()},
        )
        return ToolVersion.model_validate(data)
