"""The `retort` command, run as a subprocess against the real stack."""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import sys
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from retort import Retort

EXAMPLES = Path(__file__).resolve().parents[3] / "examples" / "tools"
Run = Callable[..., subprocess.CompletedProcess[str]]


@pytest.fixture
def config_dir(tmp_path: Path) -> Path:
    return tmp_path / "config"


@pytest.fixture
def cli(url: str, new_key: Callable[[str], str], config_dir: Path, tmp_path: Path) -> Callable[..., Run]:
    """`cli("alice")` gives a runner of `retort ...` as alice, with a fresh key and its own config dir."""

    def for_user(username: str = "alice", *, logged_in: bool = False) -> Run:
        env = {k: v for k, v in os.environ.items() if not k.startswith("RETORT_")}
        env["RETORT_CONFIG_DIR"] = str(config_dir)
        if not logged_in:
            env["RETORT_URL"] = url
            env["RETORT_API_KEY"] = new_key(username)

        def run(*args: str, input: str | None = None, timeout: float = 180) -> subprocess.CompletedProcess[str]:
            return subprocess.run(
                [sys.executable, "-m", "retort.cli", *args],
                env=env,
                cwd=tmp_path,
                input=input,
                capture_output=True,
                text=True,
                timeout=timeout,
            )

        return run

    return for_user


def as_json(result: subprocess.CompletedProcess[str]) -> Any:
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_the_console_script_is_installed() -> None:
    retort = shutil.which("retort", path=str(Path(sys.executable).parent))
    assert retort is not None
    result = subprocess.run([retort, "--version"], capture_output=True, text=True, timeout=30)
    assert result.returncode == 0 and "retort-client" in result.stdout


def test_login_stores_url_and_key_readable_by_the_user_only(
    cli: Callable[..., Run], url: str, new_key: Callable[[str], str], config_dir: Path
) -> None:
    retort = cli(logged_in=True)
    key = new_key("alice")
    result = retort("login", "--url", url, "--api-key-stdin", input=key + "\n")
    assert result.returncode == 0, result.stderr
    assert "as alice" in result.stdout
    config = config_dir / "config.json"
    assert stat.S_IMODE(config.stat().st_mode) == 0o600
    assert json.loads(config.read_text()) == {"url": url, "api_key": key}
    assert as_json(retort("whoami", "--json"))["username"] == "alice"


def test_login_refuses_a_wrong_key_and_stores_nothing(cli: Callable[..., Run], url: str, config_dir: Path) -> None:
    result = cli(logged_in=True)("login", "--url", url, "--api-key", "rtk_wrong", "--json")
    assert result.returncode == 3
    assert json.loads(result.stderr)["status"] == 401
    assert not (config_dir / "config.json").exists()


def test_without_credentials_it_is_a_usage_error(cli: Callable[..., Run]) -> None:
    result = cli(logged_in=True)("files", "ls")
    assert result.returncode == 2
    assert "retort login" in result.stderr


def test_files_upload_ls_download(cli: Callable[..., Run], tmp_path: Path) -> None:
    retort = cli()
    source = tmp_path / f"cli-{uuid.uuid4().hex[:8]}.csv"
    source.write_text("x,y\n1,2\n2,4\n")
    uploaded = as_json(retort("files", "upload", str(source), "--json"))
    assert uploaded["filename"] == source.name
    listed = as_json(retort("files", "ls", "--name", source.stem, "--json"))
    assert [item["id"] for item in listed] == [uploaded["id"]]
    table = retort("files", "ls", "--name", source.stem)
    assert table.returncode == 0 and source.name in table.stdout and "ID" in table.stdout
    target = tmp_path / "down.csv"
    downloaded = as_json(retort("files", "download", uploaded["id"], "-o", str(target), "--json"))
    assert Path(downloaded["path"]).read_text() == source.read_text()


def test_tools_ls_and_show(cli: Callable[..., Run]) -> None:
    retort = cli()
    names = [tool["name"] for tool in as_json(retort("tools", "ls", "--json"))]
    assert "linear-regression" in names
    shown = retort("tools", "show", "linear-regression")
    assert shown.returncode == 0
    assert "xColumn" in shown.stdout and "input data" in shown.stdout
    assert retort("tools", "show", "no-such-tool-x").returncode == 3


def test_run_waits_and_downloads_the_outputs(cli: Callable[..., Run], tmp_path: Path) -> None:
    (tmp_path / "data.csv").write_text("a,b\n1,3\n2,5\n3,7.1\n")
    result = cli()(
        "run", "linear-regression", "-p", "xColumn=a", "-p", "yColumn=b", "-i", "data=./data.csv",
        "--wait", "--download", "./out", "--json",
    )
    calc = as_json(result)
    assert calc["status"] == "completed"
    assert calc["result"]["slope"] == pytest.approx(2.05, abs=0.01)
    assert calc["downloaded"] == ["out/plot.png"]
    assert (tmp_path / "out" / "plot.png").read_bytes().startswith(b"\x89PNG")


def test_run_exit_codes(cli: Callable[..., Run], tmp_path: Path) -> None:
    retort = cli()
    (tmp_path / "data.csv").write_text("a,b\n1,3\n2,5\n")
    failed = retort("run", "linear-regression", "-p", "xColumn=nope", "-i", "data=./data.csv", "--wait")
    assert failed.returncode == 1
    assert "column 'nope' not in the CSV" in failed.stderr
    invalid = retort("run", "no-such-tool-y", "--wait", "--json")
    assert invalid.returncode == 3
    problem = json.loads(invalid.stderr)
    assert problem["status"] == 422 and problem["errors"][0]["path"] == "tool"
    assert retort("run", "linear-regression", "-p", "no-equals-sign").returncode == 2
    assert retort("run").returncode == 2


def test_logs_follow_and_cancel(cli: Callable[..., Run], url: str, new_key: Callable[[str], str]) -> None:
    retort = cli()
    with Retort(url, api_key=new_key("alice")) as client:
        code = (
            "import time\n"
            "def run(params):\n"
            "    for i in range(3):\n"
            "        print(f'line {i}', flush=True)\n"
            "        time.sleep(1)\n"
            "    return i\n"
        )
        calc = client.calculations.submit(code=code, name="cli logs")
        followed = retort("logs", calc.id, "-f")
        assert followed.returncode == 0, followed.stderr
        assert "line 2" in followed.stdout
        assert "completed" in followed.stderr
        stored = retort("logs", calc.id)
        assert stored.stdout.splitlines() == ["line 0", "line 1", "line 2"]

        sleeper = client.calculations.submit(code="import time\ndef run(params):\n    time.sleep(120)\n")
        cancelled = retort("cancel", sleeper.id, "--json")
        assert as_json(cancelled)["id"] == sleeper.id
        deadline = time.monotonic() + 60
        while sleeper.refresh().status != "cancelled" and time.monotonic() < deadline:
            time.sleep(0.5)
        assert sleeper.status == "cancelled"
        assert retort("logs", sleeper.id, "-f").returncode == 1


def make_tool_folder(base: Path, name: str, *, version: str = "1.0.0", code: str | None = None) -> Path:
    folder = base / name
    folder.mkdir(parents=True, exist_ok=True)
    manifest = json.loads((EXAMPLES / "monte-carlo-pi" / "tool.json").read_text())
    manifest["name"] = name
    manifest["version"]["version"] = version
    (folder / "tool.json").write_text(json.dumps(manifest, indent=2))
    (folder / "main.py").write_text(code or (EXAMPLES / "monte-carlo-pi" / "main.py").read_text())
    return folder


def test_tools_publish_creates_publishes_and_reports_an_existing_version(
    cli: Callable[..., Run], tmp_path: Path
) -> None:
    retort = cli("tom")
    name = f"pytest-tool-{uuid.uuid4().hex[:8]}"
    folder = make_tool_folder(tmp_path, name)
    first = retort("tools", "publish", str(folder))
    assert first.returncode == 0, first.stderr
    assert "published (new tool)" in first.stdout
    again = retort("tools", "publish", str(folder), "--json")
    assert as_json(again) == {"tool": name, "version": "1.0.0", "tool_created": False, "status": "exists"}
    (folder / "main.py").write_text((folder / "main.py").read_text() + "\n# changed\n")
    changed = retort("tools", "publish", str(folder))
    assert changed.returncode == 5
    assert "already exists with different code" in changed.stderr
    assert as_json(retort("tools", "show", name, "--json"))["latestVersion"]["version"] == "1.0.0"


def test_tools_publish_checks_the_schema_before_sending_anything(cli: Callable[..., Run], tmp_path: Path) -> None:
    folder = make_tool_folder(tmp_path, f"pytest-bad-{uuid.uuid4().hex[:8]}")
    manifest = json.loads((folder / "tool.json").read_text())
    manifest["version"]["parametersSchema"]["properties"]["samples"]["type"] = "integr"
    (folder / "tool.json").write_text(json.dumps(manifest))
    result = cli("tom")("tools", "publish", str(folder), "--url", "http://127.0.0.1:9")  # nothing listens there
    assert result.returncode == 2
    assert "parametersSchema/properties/samples/type" in result.stderr


def test_tools_publish_as_a_plain_user_is_forbidden(cli: Callable[..., Run], tmp_path: Path) -> None:
    folder = make_tool_folder(tmp_path, f"pytest-alice-{uuid.uuid4().hex[:8]}")
    assert cli("alice")("tools", "publish", str(folder)).returncode == 3


def test_tools_try_runs_the_folder_code_with_validated_parameters(cli: Callable[..., Run], tmp_path: Path) -> None:
    retort = cli()
    folder = EXAMPLES / "linear-regression"
    (tmp_path / "data.csv").write_text("x,y\n1,1\n2,2\n3,3\n")
    tried = as_json(retort("tools", "try", str(folder), "-i", "data=data.csv", "-p", "title=3", "--wait", "--json"))
    assert tried["status"] == "completed"
    assert tried["tool"] is None  # ad hoc: nothing was published
    assert tried["parameters"] == {"xColumn": "x", "yColumn": "y", "title": "3"}  # defaults filled in
    assert tried["result"]["slope"] == pytest.approx(1.0)

    invalid = retort("tools", "try", str(folder), "-i", "data=data.csv", "-p", "unknown=1")
    assert invalid.returncode == 2 and "Additional properties" in invalid.stderr
    missing = retort("tools", "try", str(folder))
    assert missing.returncode == 2 and "required input(s) missing: data" in missing.stderr
