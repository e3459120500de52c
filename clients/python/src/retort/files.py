"""Files: streaming uploads (form upload, or presigned direct upload for large files) and downloads."""

from __future__ import annotations

import hashlib
import mimetypes
import os
from collections.abc import Iterator
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

import httpx
from tqdm import tqdm

from ._http import IDEMPOTENCY_HEADER, new_idempotency_key
from ._pagination import paginate
from .models import DirectUpload, File

if TYPE_CHECKING:
    from .client import Retort

CHUNK = 1024 * 1024
# Above this size, files go straight to object storage through presigned URLs (multipart past 64 MiB).
DIRECT_UPLOAD_THRESHOLD = 32 * 1024 * 1024

PathLike = str | os.PathLike[str]
FileRef = File | str


def file_id(file: FileRef) -> str:
    return file.id if isinstance(file, File) else file


class _ProgressReader:
    """A read-only file that reports each chunk read to a progress bar (and restarts it on rewind)."""

    def __init__(self, raw: IO[bytes], bar: tqdm[Any] | None) -> None:
        self.raw = raw
        self.bar = bar

    def read(self, size: int = -1) -> bytes:
        chunk = self.raw.read(size)
        if self.bar is not None:
            self.bar.update(len(chunk))
        return chunk

    def seek(self, offset: int, whence: int = 0) -> int:
        position = self.raw.seek(offset, whence)
        if self.bar is not None and position == 0:
            self.bar.reset()
        return position

    def tell(self) -> int:
        return self.raw.tell()

    def fileno(self) -> int:
        return self.raw.fileno()


def _chunks(path: Path, start: int, length: int, bar: tqdm[Any] | None) -> Iterator[bytes]:
    with path.open("rb") as handle:
        handle.seek(start)
        left = length
        while left > 0:
            chunk = handle.read(min(CHUNK, left))
            if not chunk:
                raise OSError(f"{path} shrank while it was being uploaded")
            left -= len(chunk)
            if bar is not None:
                bar.update(len(chunk))
            yield chunk


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(CHUNK), b""):
            digest.update(chunk)
    return digest.hexdigest()


def guess_content_type(path: Path) -> str:
    return mimetypes.guess_type(path.name)[0] or "application/octet-stream"


class Files:
    def __init__(self, client: Retort) -> None:
        self._client = client
        self._http = client._http
        self.direct_upload_threshold = DIRECT_UPLOAD_THRESHOLD

    def list(
        self,
        *,
        scope: str = "mine",
        name: str | None = None,
        content_type: str | None = None,
        page_size: int = 100,
    ) -> Iterator[File]:
        """Every file (newest first), following the pages as the iteration goes."""
        params = {"scope": scope, "name": name, "contentType": content_type}
        return paginate(self._http, "/files", params, File, page_size)

    def get(self, file: FileRef) -> File:
        return File.model_validate(self._http.json("GET", f"/files/{file_id(file)}"))

    def delete(self, file: FileRef) -> None:
        self._http.request("DELETE", f"/files/{file_id(file)}")

    def update(
        self,
        file: FileRef,
        *,
        filename: str | None = None,
        description: str | None = None,
        public: bool | None = None,
    ) -> File:
        body: dict[str, Any] = {}
        if filename is not None:
            body["filename"] = filename
        if description is not None:
            body["description"] = description
        if public is not None:
            body["isPublic"] = public
        return File.model_validate(self._http.json("PATCH", f"/files/{file_id(file)}", json=body))

    def upload(
        self,
        path: PathLike,
        *,
        description: str | None = None,
        public: bool = False,
        content_type: str | None = None,
        filename: str | None = None,
        progress: bool = False,
    ) -> File:
        """Uploads a file, streamed from disk (never whole in memory). Large files go directly to storage."""
        source = Path(path)
        size = source.stat().st_size
        name = filename or source.name
        kind = content_type or guess_content_type(source)
        with tqdm(
            total=size, unit="B", unit_scale=True, unit_divisor=1024, desc=name, disable=not progress, leave=True
        ) as bar:
            if size > self.direct_upload_threshold:
                return self._upload_direct(source, size, name, kind, description, public, bar)
            return self._upload_form(source, name, kind, description, public, bar)

    def _upload_form(
        self, source: Path, name: str, kind: str, description: str | None, public: bool, bar: tqdm[Any]
    ) -> File:
        with source.open("rb") as handle:
            reader = _ProgressReader(handle, bar)
            data = {"isPublic": "true" if public else "false"}
            if description is not None:
                data["description"] = description

            def build() -> dict[str, Any]:
                return {"data": data, "files": {"file": (name, reader, kind)}}

            response = self._http.request(
                "POST",
                "/files",
                body=build,
                headers={IDEMPOTENCY_HEADER: new_idempotency_key()},
                timeout=httpx.Timeout(60.0, connect=10.0, write=60.0, read=300.0),
            )
        return File.model_validate(response.json())

    def _upload_direct(
        self,
        source: Path,
        size: int,
        name: str,
        kind: str,
        description: str | None,
        public: bool,
        bar: tqdm[Any],
    ) -> File:
        bar.set_postfix_str("hashing")
        request: dict[str, Any] = {
            "filename": name,
            "sizeBytes": size,
            "sha256": sha256_of(source),
            "contentType": kind,
            "isPublic": public,
        }
        if description is not None:
            request["description"] = description
        bar.set_postfix_str("")
        upload = DirectUpload.model_validate(
            self._http.json("POST", "/files/uploads", json=request, headers={IDEMPOTENCY_HEADER: new_idempotency_key()})
        )
        try:
            parts = (
                [(upload.url or "", 0, size, dict(upload.headers or {}))]
                if upload.mode == "single"
                else [
                    (part.url, (part.part_number - 1) * (upload.parts or [])[0].size_bytes, part.size_bytes, {})
                    for part in upload.parts or []
                ]
            )
            for url, start, length, headers in parts:
                self._put_part(source, url, start, length, headers, bar)
            completed = self._http.json(
                "POST",
                f"/files/uploads/{upload.id}/complete",
                headers={IDEMPOTENCY_HEADER: new_idempotency_key()},
                timeout=httpx.Timeout(300.0, connect=10.0),
            )
        except BaseException:
            # Leave nothing behind: the parts already stored are removed with the upload.
            try:
                self._http.request("DELETE", f"/files/uploads/{upload.id}")
            except Exception:  # noqa: BLE001 - the original error matters more
                pass
            raise
        return File.model_validate(completed)

    def _put_part(
        self, source: Path, url: str, start: int, length: int, headers: dict[str, str], bar: tqdm[Any]
    ) -> None:
        position = bar.n

        def build() -> dict[str, Any]:
            bar.n = position  # a retried part starts its progress again
            return {"content": _chunks(source, start, length, bar)}

        self._http.request(
            "PUT",
            url,
            body=build,
            headers={**headers, "Content-Length": str(length)},
            auth=False,
            timeout=httpx.Timeout(60.0, connect=10.0, write=300.0),
        )

    def download(self, file: FileRef, dest: PathLike = ".", *, progress: bool = False) -> Path:
        """Streams a file to `dest` (a directory: the file's name in it). Returns the path written."""
        target = Path(dest)
        info = file if isinstance(file, File) else self.get(file)
        if target.is_dir():
            target = target / Path(info.filename).name
        partial = target.with_name(target.name + ".part")
        with (
            self._http.stream("GET", f"/files/{info.id}/content", headers={"Accept": "*/*"}) as response,
            tqdm(
                total=info.size_bytes,
                unit="B",
                unit_scale=True,
                unit_divisor=1024,
                desc=info.filename,
                disable=not progress,
            ) as bar,
            partial.open("wb") as out,
        ):
            for chunk in response.iter_bytes(CHUNK):
                out.write(chunk)
                bar.update(len(chunk))
        partial.replace(target)
        return target
