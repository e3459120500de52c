from __future__ import annotations

from collections.abc import Iterator
from typing import Any, TypeVar

from pydantic import BaseModel

from ._http import Http

T = TypeVar("T", bound=BaseModel)


def paginate(http: Http, path: str, params: dict[str, Any], model: type[T], page_size: int = 100) -> Iterator[T]:
    """Yields the items of every page of a cursor-paginated list, fetching a page when it is needed."""
    cursor: str | None = None
    while True:
        page = http.json("GET", path, params={**params, "limit": page_size, "cursor": cursor})
        for item in page["items"]:
            yield model.model_validate(item)
        cursor = page.get("nextCursor")
        if not cursor:
            return
