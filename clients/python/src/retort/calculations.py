"""Calculations: submit, follow (SSE), wait, results, outputs, cancel, rerun."""

from __future__ import annotations

import builtins
import json
import os
import re
import sys
import time
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

import httpx
from httpx_sse import EventSource
from pydantic import TypeAdapter, ValidationError
from tqdm import tqdm

from ._http import IDEMPOTENCY_HEADER, new_idempotency_key
from ._pagination import paginate
from .errors import (
    CalculationCancelled,
    CalculationFailed,
    CalculationTimedOut,
    ConnectionFailed,
    WaitTimeout,
)
from .files import FileRef
from .models import (
    TERMINAL_STATUSES,
    CalculationEvent,
    CalculationInfo,
    CalculationLogs,
    CalculationSummary,
    File,
    OutputFile,
    StatusEvent,
)

if TYPE_CHECKING:
    from .client import Retort

InputValue = File | str | os.PathLike[str]
_UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$", re.IGNORECASE)
_EVENT = TypeAdapter[CalculationEvent](CalculationEvent)
# How long an event stream may stay silent before the client checks the calculation itself.
_STREAM_IDLE_S = 20.0


class Outputs:
    """A calculation's output files (stored as your files)."""

    def __init__(self, calculation: Calculation) -> None:
        self._calculation = calculation

    def list(self) -> list[OutputFile]:
        http = self._calculation._client._http
        data = http.json("GET", f"/calculations/{self._calculation.id}/outputs")
        return [OutputFile.model_validate(item) for item in data]

    def __iter__(self) -> Iterator[OutputFile]:
        return iter(self.list())

    def download(self, directory: str | os.PathLike[str] = ".", *, progress: bool = False) -> builtins.list[Path]:
        """Downloads every output into `directory` (created if needed) under its output name."""
        target = Path(directory)
        target.mkdir(parents=True, exist_ok=True)
        written: builtins.list[Path] = []
        for output in self.list():
            relative = Path(output.name)
            if relative.is_absolute() or ".." in relative.parts:
                raise ValueError(f"output name {output.name!r} would leave {target}")
            path = target / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            written.append(self._calculation._client.files.download(output, path, progress=progress))
        return written


class Calculation:
    """A handle on one calculation: its last known state (`info`) and what can be done with it."""

    def __init__(self, client: Retort, info: CalculationInfo) -> None:
        self._client = client
        self.info = info

    def __repr__(self) -> str:
        return f"<Calculation {self.id} {self.status} {self.name!r}>"

    @property
    def id(self) -> str:
        return self.info.id

    @property
    def name(self) -> str:
        return self.info.name

    @property
    def status(self) -> str:
        return self.info.status

    @property
    def finished(self) -> bool:
        return self.info.status in TERMINAL_STATUSES

    @property
    def result(self) -> Any:
        """The JSON value `run(params)` returned (None until it has)."""
        return self.info.result

    @property
    def error_message(self) -> str | None:
        return self.info.error_message

    @property
    def outputs(self) -> Outputs:
        return Outputs(self)

    def refresh(self) -> Calculation:
        self.info = CalculationInfo.model_validate(self._client._http.json("GET", f"/calculations/{self.id}"))
        return self

    def logs(self) -> CalculationLogs:
        return CalculationLogs.model_validate(self._client._http.json("GET", f"/calculations/{self.id}/logs"))

    def cancel(self) -> Calculation:
        data = self._client._http.json("POST", f"/calculations/{self.id}/cancel")
        self.info = CalculationInfo.model_validate(data)
        return self

    def provenance(self) -> dict[str, Any]:
        """How it was produced: the RO-Crate metadata document (JSON-LD, Process Run Crate profile)."""
        data: dict[str, Any] = self._client._http.json("GET", f"/calculations/{self.id}/provenance")
        return data

    def download_crate(self, dest: str | os.PathLike[str] = ".") -> Path:
        """Streams the RO-Crate zip (ro-crate-metadata.json with the output and input files) to `dest`
        (a directory: `calculation-<id>.crate.zip` in it). Returns the path written."""
        target = Path(dest)
        if target.is_dir():
            target = target / f"calculation-{self.id}.crate.zip"
        partial = target.with_name(target.name + ".part")
        with (
            self._client._http.stream(
                "GET", f"/calculations/{self.id}/crate.zip", headers={"Accept": "application/zip"}
            ) as response,
            partial.open("wb") as out,
        ):
            for chunk in response.iter_bytes(1024 * 1024):
                out.write(chunk)
        partial.replace(target)
        return target

    def rerun(self, *, exact: bool = False, **changes: Any) -> Calculation:
        """Runs it again as a new calculation. Without arguments, exactly the same (server-side rerun),
        with the image its version's tag points to now; `exact=True` runs the very image (by id) the
        original ran, and raises `ApiError` (409) when that image is gone. With changes (`parameters=`
        merged into the original ones; `version=`, `inputs=`, `limits=`, `name=`, `code=`, ...
        replacing), submits a new calculation built from this one."""
        if not changes:
            data = self._client._http.json(
                "POST",
                f"/calculations/{self.id}/rerun",
                json={"exact": True} if exact else None,
                headers={IDEMPOTENCY_HEADER: new_idempotency_key()},
            )
            return Calculation(self._client, CalculationInfo.model_validate(data))
        if exact:
            raise ValueError("exact=True reruns the calculation as it was: give no changes with it")
        info = self.info
        request: dict[str, Any] = {
            "name": info.name,
            "parameters": {**info.parameters, **changes.pop("parameters", {})},
            "inputs": {item.name: item.file_id for item in info.inputs},
            "limits": {
                "memory_mb": info.limits.memory_mb,
                "cpus": info.limits.cpus,
                "timeout_s": info.limits.timeout_s,
                "disk_mb": info.limits.disk_mb,
            },
        }
        if info.description:
            request["description"] = info.description
        if info.tool is not None:
            request.update(tool=info.tool, version=info.tool_version)
        else:
            request.update(code=info.code, image=info.image)
        request.update(changes)
        return self._client.calculations.submit(**request)

    def events(self, *, timeout: float | None = None) -> Iterator[CalculationEvent]:
        """The live events (status, progress, log) until the calculation ends, or until `timeout`
        seconds have passed; reconnects when the stream drops. The first event is the current status."""
        deadline = None if timeout is None else time.monotonic() + timeout
        attempt = 0
        while True:
            idle = _STREAM_IDLE_S if deadline is None else max(0.1, min(_STREAM_IDLE_S, deadline - time.monotonic()))
            try:
                with self._client._http.stream(
                    "GET",
                    f"/calculations/{self.id}/events",
                    headers={"Accept": "text/event-stream"},
                    timeout=httpx.Timeout(10.0, read=idle),
                ) as response:
                    for sse in EventSource(response).iter_sse():
                        try:
                            event = _EVENT.validate_python(json.loads(sse.data))
                        except (ValueError, ValidationError):
                            continue  # not an event this client knows
                        attempt = 0
                        yield event
                        if isinstance(event, StatusEvent) and event.status in TERMINAL_STATUSES:
                            return
                        if deadline is not None and time.monotonic() >= deadline:
                            return
            except (httpx.ReadTimeout, httpx.ReadError, httpx.RemoteProtocolError, ConnectionFailed):
                pass  # quiet or dropped: check below, then reconnect
            # The stream ended without a final status: look at the record, which is the truth.
            self.refresh()
            if self.finished:
                yield StatusEvent(type="status", status=self.info.status, error_message=self.info.error_message)
                return
            if deadline is not None and time.monotonic() >= deadline:
                return
            pause = min(5.0, 0.5 * 2**attempt)
            if deadline is not None:
                pause = max(0.0, min(pause, deadline - time.monotonic()))
            time.sleep(pause)
            attempt += 1

    def wait(self, *, progress: bool = False, logs: bool | None = None, timeout: float | None = None) -> Calculation:
        """Follows the calculation until it ends; returns it when completed, raises otherwise:
        `CalculationFailed`, `CalculationTimedOut`, `CalculationCancelled`, or `WaitTimeout` when
        `timeout` seconds pass first. `progress=True` shows a progress bar and the live log lines
        (`logs=` to choose separately)."""
        show_logs = progress if logs is None else logs
        with tqdm(
            total=100,
            desc=self.name,
            unit="%",
            bar_format="{desc}: {percentage:3.0f}%|{bar}|{postfix}",
            disable=not progress,
        ) as bar:
            if not self.finished:
                first_status: str | None = None
                live_lines = 0
                for event in self.events(timeout=timeout):
                    if event.type == "status":
                        first_status = first_status or event.status
                        bar.set_postfix_str(event.status)
                    elif event.type == "progress":
                        bar.n = round(event.fraction * 100)
                        bar.set_postfix_str(event.message or "")
                    elif show_logs:
                        live_lines += 1
                        _write_log(event.stream, event.text)
                self.refresh()
                if not self.finished:
                    raise WaitTimeout(self, f"calculation {self.id} still {self.status} after {timeout} s")
                if show_logs and live_lines == 0 and first_status not in (None, "pending", "queued"):
                    # It was already running when the stream began: what it printed before came too early
                    # for the stream, so show the stored logs instead.
                    stored = self.logs()
                    _write_log("stdout", stored.stdout)
                    _write_log("stderr", stored.stderr)
            if self.status == "completed":
                bar.n = 100
                bar.set_postfix_str("completed")
        return self._raise_unless_completed()

    def _raise_unless_completed(self) -> Calculation:
        status = self.status
        if status == "completed":
            return self
        detail = self.error_message or status
        message = f"calculation {self.id} ({self.name}) {status.replace('_', ' ')}: {detail}"
        if status == "failed":
            raise CalculationFailed(self, message)
        if status == "timed_out":
            raise CalculationTimedOut(self, message)
        if status == "cancelled":
            raise CalculationCancelled(self, message)
        raise WaitTimeout(self, f"calculation {self.id} is still {status}")


class Calculations:
    def __init__(self, client: Retort) -> None:
        self._client = client
        self._http = client._http

    def get(self, calculation: str | Calculation) -> Calculation:
        calc_id = calculation.id if isinstance(calculation, Calculation) else calculation
        return Calculation(self._client, CalculationInfo.model_validate(self._http.json("GET", f"/calculations/{calc_id}")))

    def list(
        self,
        *,
        status: str | None = None,
        tool: str | None = None,
        page_size: int = 100,
    ) -> Iterator[CalculationSummary]:
        return paginate(self._http, "/calculations", {"status": status, "tool": tool}, CalculationSummary, page_size)

    def submit(
        self,
        *,
        tool: str | None = None,
        version: str | None = None,
        code: str | None = None,
        image: str | None = None,
        parameters: Mapping[str, Any] | None = None,
        inputs: Mapping[str, InputValue] | None = None,
        name: str | None = None,
        description: str | None = None,
        limits: Mapping[str, Any] | None = None,
        progress: bool = False,
    ) -> Calculation:
        """Submits a calculation of a published `tool` (optionally a `version`) or ad-hoc `code`.

        `inputs` maps each input name (a tool's declared input, or for code the name under
        /work/inputs) to a `File`, a file id, or a local path (uploaded first). `limits` takes
        `memory_mb`, `cpus`, `timeout_s`, `disk_mb` (or their camelCase names)."""
        if (tool is None) == (code is None):
            raise ValueError("give either tool= or code=, not both")
        body: dict[str, Any] = {
            "name": name or (f"{tool} {version}" if tool and version else tool) or "ad-hoc code",
            "parameters": dict(parameters or {}),
        }
        if tool is not None:
            body["tool"] = tool
            if version is not None:
                body["version"] = version
        else:
            body["code"] = code
            if image is not None:
                body["image"] = image
        if description is not None:
            body["description"] = description
        if inputs:
            body["inputs"] = [
                {"fileId": self._file_id(value, progress), "as": input_name} for input_name, value in inputs.items()
            ]
        if limits:
            body["limits"] = {_camel(key): value for key, value in limits.items() if value is not None}
        data = self._http.json("POST", "/calculations", json=body, headers={IDEMPOTENCY_HEADER: new_idempotency_key()})
        return Calculation(self._client, CalculationInfo.model_validate(data))

    def run(self, *, progress: bool = False, timeout: float | None = None, **submit: Any) -> Calculation:
        """`submit(...)` then `wait(...)`."""
        return self.submit(progress=progress, **submit).wait(progress=progress, timeout=timeout)

    def _file_id(self, value: InputValue | FileRef, progress: bool) -> str:
        if isinstance(value, File):
            return value.id
        if isinstance(value, str) and _UUID.match(value) and not Path(value).exists():
            return value
        path = Path(value)
        if not path.is_file():
            raise FileNotFoundError(f"input {value!s} is neither a file id nor a readable file")
        return self._client.files.upload(path, progress=progress).id


def _write_log(stream: str, text: str) -> None:
    text = text.rstrip("\n")
    if text:
        tqdm.write(text, file=sys.stderr if stream == "stderr" else sys.stdout)


def _camel(key: str) -> str:
    head, *rest = key.split("_")
    return head + "".join(part.title() if part != "s" else "S" for part in rest)
