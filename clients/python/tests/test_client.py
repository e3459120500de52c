"""The client against the real stack (API, worker, PostgreSQL, Redis, MinIO, Keycloak, Docker)."""

from __future__ import annotations

import hashlib
import os
import time
import tracemalloc
import uuid
from pathlib import Path
from typing import Any

import pytest

from retort import (
    BadRequest,
    CalculationCancelled,
    CalculationFailed,
    CalculationTimedOut,
    NotFound,
    Retort,
    Unauthorized,
    WaitTimeout,
)
from retort.models import TERMINAL_STATUSES

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


class RequestLog:
    """Records the requests a client sends (its own httpx event hook; nothing is mocked)."""

    def __init__(self, client: Retort) -> None:
        self.requests: list[tuple[str, str]] = []
        client._http.client.event_hooks["request"].append(self._record)

    def _record(self, request: Any) -> None:
        self.requests.append((request.method, str(request.url)))


def test_from_env_reads_url_and_api_key(url: str, new_key: Any, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("RETORT_CONFIG_DIR", str(tmp_path))
    monkeypatch.setenv("RETORT_URL", url)
    monkeypatch.setenv("RETORT_API_KEY", new_key("alice"))
    with Retort.from_env() as client:
        me = client.me()
    assert me.username == "alice"
    assert me.authenticated_with == "api-key"


def test_a_wrong_api_key_is_unauthorized_with_the_problem_fields(url: str) -> None:
    with Retort(url, api_key="rtk_not-a-real-key") as client, pytest.raises(Unauthorized) as caught:
        client.me()
    assert caught.value.status == 401
    assert caught.value.title
    assert caught.value.request_id


def test_small_upload_streams_with_progress_and_downloads_identically(
    alice: Retort, csv_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    log = RequestLog(alice)
    uploaded = alice.files.upload(csv_file, description="points", progress=True)
    assert uploaded.filename == "data.csv"
    assert uploaded.size_bytes == csv_file.stat().st_size
    assert uploaded.sha256 == sha256_file(csv_file)
    assert uploaded.description == "points"
    assert uploaded.content_type == "text/csv"
    assert [method for method, _ in log.requests] == ["POST"]  # the form upload, in one request
    assert "100%" in capsys.readouterr().err

    target = tmp_path / "back"
    target.mkdir()
    path = alice.files.download(uploaded.id, target)
    assert path == target / "data.csv"
    assert path.read_bytes() == csv_file.read_bytes()
    assert alice.files.get(uploaded.id).id == uploaded.id


def test_large_upload_goes_through_presigned_multipart(
    alice: Retort, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    big = tmp_path / "big.bin"
    with big.open("wb") as handle:
        for _ in range(70):  # 70 MiB: past the single-PUT maximum of 64 MiB
            handle.write(os.urandom(1 << 20))
    log = RequestLog(alice)
    tracemalloc.start()
    try:
        uploaded = alice.files.upload(big, progress=True)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 8 << 20, f"{peak} bytes held at once: the file was not streamed"
    assert uploaded.size_bytes == 70 << 20
    assert uploaded.sha256 == sha256_file(big)
    puts = [target for method, target in log.requests if method == "PUT"]
    assert len(puts) == 5  # 16 MiB parts
    assert all("partNumber=" in target for target in puts)
    assert any(target.endswith("/complete") for _, target in log.requests)
    assert not any(target.endswith("/api/v1/files") for _, target in log.requests)
    assert "100%" in capsys.readouterr().err

    path = alice.files.download(uploaded, tmp_path / "copy.bin")
    assert sha256_file(path) == uploaded.sha256


def test_the_form_upload_streams_without_holding_the_file_in_memory(alice: Retort, tmp_path: Path) -> None:
    medium = tmp_path / "medium.bin"
    with medium.open("wb") as handle:
        for _ in range(24):  # below the direct-upload threshold: the multipart/form-data POST
            handle.write(os.urandom(1 << 20))
    log = RequestLog(alice)
    tracemalloc.start()
    try:
        uploaded = alice.files.upload(medium)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert [method for method, _ in log.requests] == ["POST"]
    assert peak < 8 << 20, f"{peak} bytes held at once: the file was not streamed"
    assert uploaded.sha256 == sha256_file(medium)


def test_a_small_file_can_take_the_direct_route_in_one_put(alice: Retort, csv_file: Path) -> None:
    alice.files.direct_upload_threshold = 0
    log = RequestLog(alice)
    uploaded = alice.files.upload(csv_file)
    assert uploaded.sha256 == sha256_file(csv_file)
    assert [method for method, _ in log.requests] == ["POST", "PUT", "POST"]


def test_files_list_follows_the_pages(alice: Retort, tmp_path: Path) -> None:
    prefix = f"page-{uuid.uuid4().hex[:8]}"
    ids = set()
    for index in range(3):
        path = tmp_path / f"{prefix}-{index}.txt"
        path.write_text(f"file {index}\n")
        ids.add(alice.files.upload(path).id)
    log = RequestLog(alice)
    listed = [file.id for file in alice.files.list(name=prefix, page_size=1)]
    assert set(listed) == ids and len(listed) == 3
    assert len([target for _, target in log.requests if "cursor=" in target]) >= 2


def test_tools_list_and_get(alice: Retort) -> None:
    names = {tool.name for tool in alice.tools.list()}
    assert {"linear-regression", "monte-carlo-pi", "cantilever-beam"} <= names
    tool = alice.tools.get("linear-regression")
    assert tool.latest_version is not None
    assert tool.latest_version.inputs[0].name == "data"
    assert tool.latest_version.parameters_schema["type"] == "object"
    with pytest.raises(NotFound) as caught:
        alice.tools.get("no-such-tool-here")
    assert caught.value.status == 404


def test_submit_a_tool_and_wait_with_progress_then_download_outputs(
    alice: Retort, csv_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    calc = alice.calculations.submit(
        tool="linear-regression", version="1.0.0", parameters={"title": "pytest"}, inputs={"data": csv_file}
    )
    assert calc.status in {"pending", "queued", "running"}
    assert calc.wait(progress=True, timeout=120) is calc
    assert calc.status == "completed"
    assert calc.result["points"] == 20
    assert calc.result["slope"] == pytest.approx(2.0, abs=0.05)
    assert "completed" in capsys.readouterr().err

    outputs = calc.outputs.list()
    assert [output.name for output in outputs] == ["plot.png"]
    paths = calc.outputs.download(tmp_path / "out")
    assert paths == [tmp_path / "out" / "plot.png"]
    assert paths[0].read_bytes().startswith(PNG_MAGIC)


def test_ad_hoc_code_streams_its_log_lines_while_it_runs(alice: Retort, capsys: pytest.CaptureFixture[str]) -> None:
    code = (
        "import time\n"
        "from retort import progress\n"
        "def run(params):\n"
        "    time.sleep(1.5)\n"
        "    print('hello from the sandbox', flush=True)\n"
        "    progress(0.5, 'half way')\n"
        "    time.sleep(1)\n"
        "    return {'twice': 2 * params['x']}\n"
    )
    calc = alice.calculations.submit(code=code, parameters={"x": 21}, name="pytest ad-hoc")
    calc.wait(progress=True, timeout=120)
    assert calc.result == {"twice": 42}
    assert calc.info.tool is None
    captured = capsys.readouterr()
    assert "hello from the sandbox" in captured.out
    assert "hello from the sandbox" in calc.logs().stdout


def test_a_failing_calculation_raises_calculation_failed(alice: Retort) -> None:
    calc = alice.calculations.submit(code="def run(params):\n    raise ValueError('broken on purpose')\n")
    with pytest.raises(CalculationFailed) as caught:
        calc.wait(timeout=120)
    assert caught.value.calculation is calc
    assert calc.status == "failed"
    assert "broken on purpose" in (calc.error_message or "")
    assert "broken on purpose" in str(caught.value)


def test_a_calculation_past_its_time_limit_raises_timed_out(alice: Retort) -> None:
    calc = alice.calculations.submit(
        code="import time\ndef run(params):\n    time.sleep(60)\n", limits={"timeout_s": 2}
    )
    with pytest.raises(CalculationTimedOut):
        calc.wait(timeout=120)
    assert calc.status == "timed_out"


def test_wait_timeout_then_cancel_raises_cancelled(alice: Retort) -> None:
    calc = alice.calculations.submit(code="import time\ndef run(params):\n    time.sleep(120)\n")
    began = time.monotonic()
    with pytest.raises(WaitTimeout):
        calc.wait(timeout=3)
    assert time.monotonic() - began < 10  # the wait's own timeout, not the stream's idle timeout
    assert calc.status not in TERMINAL_STATUSES
    calc.cancel()
    with pytest.raises(CalculationCancelled) as caught:
        calc.wait(timeout=60)
    assert caught.value.calculation.status == "cancelled"


def test_rerun_same_and_with_changes(alice: Retort, csv_file: Path) -> None:
    first = alice.calculations.submit(tool="linear-regression", inputs={"data": csv_file}).wait(timeout=120)
    again = first.rerun().wait(timeout=120)
    assert again.id != first.id
    assert again.info.rerun_of == first.id
    assert again.result == first.result
    changed = first.rerun(parameters={"title": "changed"}).wait(timeout=120)
    assert changed.info.parameters["title"] == "changed"
    assert changed.info.parameters["xColumn"] == "x"
    assert changed.info.inputs[0].file_id == first.info.inputs[0].file_id
    assert changed.info.tool_version == "1.0.0"


def test_an_invalid_submission_raises_bad_request_with_field_errors(alice: Retort) -> None:
    with pytest.raises(BadRequest) as caught:
        alice.calculations.submit(tool="no-such-tool-anywhere")
    error = caught.value
    assert error.status == 422
    assert error.slug == "validation-error"
    assert error.type == "urn:retort:problem:validation-error"
    assert [item.path for item in error.errors] == ["tool"]
    assert error.request_id
    with pytest.raises(ValueError):
        alice.calculations.submit(tool="linear-regression", code="def run(p): pass")


def test_calculations_list_iterates(alice: Retort) -> None:
    calc = alice.calculations.submit(code="def run(params):\n    return 1\n").wait(timeout=120)
    assert calc.id in {item.id for item in alice.calculations.list(page_size=2)}
    assert alice.calculations.get(calc.id).result == 1
