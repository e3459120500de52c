"""Provenance against the real stack: the RO-Crate of a real calculation, downloaded, unzipped and
checked by an RO-Crate validator (the RO-Crate 1.1 and Process Run Crate 0.5 profiles), and exact
reruns that reproduce a result byte for byte."""

from __future__ import annotations

import hashlib
import json
import zipfile
from collections.abc import Iterator
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
import requests
from requests.adapters import HTTPAdapter
from rocrate_validator import models, services

from retort import Retort

RO_CRATE_CONTEXTS = "https://w3id.org/ro/crate/"


@pytest.fixture
def offline_ro_crate_context(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The validator expands the crate's JSON-LD with the RO-Crate context, which it would fetch from
    the web. The test serves it from the `rocrate` package instead (its bundled RO-Crate context, a
    superset of 1.1's terms), so that the check needs no network beyond the stack. Every other URL
    goes out as usual."""
    bundled = json.loads(resources.files("rocrate").joinpath("data/ro-crate.jsonld").read_text())
    body = json.dumps({"@context": bundled["@context"]}).encode()
    send = HTTPAdapter.send

    def serve(self: HTTPAdapter, request: requests.PreparedRequest, *args: Any, **kwargs: Any) -> requests.Response:
        if not (request.url or "").startswith(RO_CRATE_CONTEXTS):
            return send(self, request, *args, **kwargs)
        response = requests.Response()
        response.status_code = 200
        response.headers["Content-Type"] = "application/ld+json"
        response._content = body
        response.url = request.url or ""
        response.request = request
        return response

    monkeypatch.setattr(HTTPAdapter, "send", serve)
    yield


def validate(crate: Path, profile: str) -> list[str]:
    """The validator's issues at the REQUIRED level for `profile` (empty when the crate conforms)."""
    settings = models.ValidationSettings(
        rocrate_uri=str(crate),
        profile_identifier=profile,
        requirement_severity=models.Severity.REQUIRED,
        no_cache=True,
    )
    result = services.validate(settings)
    issues = [f"{issue.check.name}: {issue.message}" for issue in result.get_issues()]
    assert result.passed() == (not issues), issues
    return issues


def sha256_of(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_the_crate_of_a_real_calculation_validates_as_a_process_run_crate(
    alice: Retort, csv_file: Path, tmp_path: Path, offline_ro_crate_context: None
) -> None:
    calculation = alice.calculations.submit(
        tool="linear-regression", parameters={"title": "provenance"}, inputs={"data": csv_file}
    ).wait(timeout=120)
    archive = calculation.download_crate(tmp_path)
    assert archive.name == f"calculation-{calculation.id}.crate.zip"
    crate = tmp_path / "crate"
    with zipfile.ZipFile(archive) as zipped:
        assert zipped.testzip() is None
        zipped.extractall(crate)

    metadata = json.loads((crate / "ro-crate-metadata.json").read_text())
    assert metadata == calculation.provenance()
    graph = {node["@id"]: node for node in metadata["@graph"]}
    # The outputs and the input, each with the sha256 of the bytes in the archive.
    parts = sorted(part["@id"] for part in graph["./"]["hasPart"])
    assert parts == ["inputs/data", "outputs/plot.png"]
    for part in parts:
        assert graph[part]["sha256"] == sha256_of(crate / part)
    assert sha256_of(crate / "inputs" / "data") == sha256_of(csv_file)
    action = next(node for node in graph.values() if node["@type"] == "CreateAction")
    assert action["actionStatus"] == "http://schema.org/CompletedActionStatus"
    image = graph[graph[action["instrument"]["@id"]]["containerImage"]["@id"]]
    assert image["imageId"] == calculation.refresh().info.image_digest

    assert validate(crate, "ro-crate-1.1") == []
    assert validate(crate, "process-run-crate-0.5") == []


def test_an_exact_rerun_reproduces_the_result_and_the_output_bytes(alice: Retort, csv_file: Path) -> None:
    first = alice.calculations.submit(tool="linear-regression", inputs={"data": csv_file}).wait(timeout=120)
    again = first.rerun(exact=True)
    assert again.info.pinned_image == first.info.image_digest
    again.wait(timeout=120)
    assert again.info.image_digest == first.info.image_digest
    assert again.result == first.result
    outputs = {output.name: output.sha256 for output in first.outputs}
    assert {output.name: output.sha256 for output in again.outputs} == outputs
    assert outputs
    with pytest.raises(ValueError):
        first.rerun(exact=True, parameters={"title": "changed"})
