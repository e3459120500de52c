"""examples/notebooks/linear-regression.ipynb, executed top to bottom against the real stack."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

NOTEBOOK = Path(__file__).resolve().parents[3] / "examples" / "notebooks" / "linear-regression.ipynb"


def test_the_linear_regression_notebook_runs_and_shows_a_table_and_the_plot(
    url: str, new_key: Callable[[str], str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("RETORT_URL", url)
    monkeypatch.setenv("RETORT_API_KEY", new_key("alice"))
    monkeypatch.setenv("RETORT_CONFIG_DIR", str(tmp_path / "config"))
    shutil.copy(NOTEBOOK, tmp_path / NOTEBOOK.name)
    notebook = nbformat.read(tmp_path / NOTEBOOK.name, as_version=4)  # type: ignore[no-untyped-call]
    NotebookClient(notebook, timeout=180, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}).execute()

    outputs = [output for cell in notebook.cells if cell.cell_type == "code" for output in cell.outputs]
    assert not [output for output in outputs if output.output_type == "error"]
    assert any("text/html" in output.get("data", {}) and "slope" in output["data"]["text/html"] for output in outputs)
    assert any("image/png" in output.get("data", {}) for output in outputs)
    assert (tmp_path / "outputs" / "plot.png").exists()
