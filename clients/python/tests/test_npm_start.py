"""`npm start` / `npm stop` (scripts/start.sh, scripts/stop.sh) on ports and a database of their own.

The shared services are up already and must not be touched: the test leaves out the steps that would
run services.sh, rebuild the sandbox image, reinstall npm packages or rebuild dist/ (START_SKIP)."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from conftest import token_for
from retort import RateLimited, Retort

ROOT = Path(__file__).resolve().parents[3]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def ready(port: int) -> bool:
    try:
        return httpx.get(f"http://127.0.0.1:{port}/health/ready", timeout=5).status_code == 200
    except httpx.HTTPError:
        return False


def listening(port: int) -> bool:
    with socket.socket() as sock:
        return sock.connect_ex(("127.0.0.1", port)) == 0


def wait_until(condition: object, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if callable(condition) and condition():
            return True
        time.sleep(0.5)
    return False


class Platform:
    def __init__(self, run_dir: Path) -> None:
        self.api_port = free_port()
        self.worker_port = free_port()
        self.database = f"retort_start_{uuid.uuid4().hex[:10]}"
        self.run_dir = run_dir
        self.env = {
            **os.environ,
            "PATH": f"{ROOT / 'node_modules' / '.bin'}:{os.environ['PATH']}",
            "RETORT_RUN_DIR": str(run_dir),
            "START_SKIP": "deps services images build",
            "API_PORT": str(self.api_port),
            "WORKER_HTTP_PORT": str(self.worker_port),
            "DATABASE_NAME": self.database,
            "QUEUE_PREFIX": self.database,
            "LOG_LEVEL": "warn",
            "API_KEY_RATE_PER_MINUTE": "5",
        }

    def npm(self, *args: str, timeout: float = 240) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            ["npm", "--silent", *args], cwd=ROOT, env=self.env, capture_output=True, text=True, timeout=timeout
        )

    def pid(self, name: str) -> int:
        return int((self.run_dir / f"{name}.pid").read_text())

    def drop_database(self) -> None:
        script = (
            "const { Client } = require('pg'); const e = process.env;"
            "const c = new Client({ host: e.DATABASE_HOST ?? '127.0.0.1', port: Number(e.DATABASE_PORT ?? 5432),"
            " user: e.DATABASE_USER ?? 'retort', password: e.DATABASE_PASSWORD ?? 'retort', database: 'postgres' });"
            "c.connect().then(() => c.query(`DROP DATABASE IF EXISTS \"${process.argv[1]}\" WITH (FORCE)`))"
            ".finally(() => c.end());"
        )
        subprocess.run(["node", "-e", script, self.database], cwd=ROOT, env=self.env, timeout=60, check=False)


@pytest.fixture
def platform(tmp_path: Path) -> Iterator[Platform]:
    had_env_file = (ROOT / ".env").exists()
    platform = Platform(tmp_path / "run")
    try:
        yield platform
    finally:
        platform.npm("stop", timeout=120)
        platform.drop_database()
        if not had_env_file:
            (ROOT / ".env").unlink(missing_ok=True)


def test_npm_start_brings_the_platform_up_restarts_what_dies_and_npm_stop_stops_it(platform: Platform) -> None:
    started = platform.npm("start", "--", "--detach")
    assert started.returncode == 0, started.stderr
    assert "Retort is running" in started.stderr
    assert f"http://localhost:{platform.api_port}/docs" in started.stderr
    assert str(platform.run_dir / "api.log") in started.stderr
    assert "alice / alice-dev-password" in started.stderr
    assert (ROOT / ".env").exists()
    assert ready(platform.api_port) and ready(platform.worker_port)

    token = token_for("alice")
    platform_url = f"http://127.0.0.1:{platform.api_port}"
    tools = httpx.get(
        f"{platform_url}/api/v1/tools",
        headers={"Authorization": f"Bearer {token}"},
        timeout=30,
    ).json()
    assert {"linear-regression", "monte-carlo-pi", "cantilever-beam"} <= {tool["name"] for tool in tools["items"]}

    # This platform allows an API key 5 requests a minute: the client sees the real 429 and its Retry-After.
    with Retort(platform_url, token=token) as signed_in:
        key = signed_in.create_api_key("rate limit").key
    with Retort(platform_url, api_key=key, max_retry_wait=0) as limited:
        for _ in range(5):
            limited.me()
        with pytest.raises(RateLimited) as caught:
            limited.me()
    assert caught.value.status == 429
    assert caught.value.retry_after is not None and 0 < caught.value.retry_after <= 60

    again = platform.npm("start", "--", "--detach")
    assert again.returncode == 0
    assert "already running" in again.stderr

    # The supervisor restarts an API that dies.
    first = platform.pid("api")
    os.kill(first, signal.SIGKILL)
    assert wait_until(lambda: (platform.run_dir / "api.pid").exists() and platform.pid("api") != first, 30)
    assert wait_until(lambda: ready(platform.api_port), 90)
    assert "restarting" in (platform.run_dir / "api.log").read_text()

    stopped = platform.npm("stop")
    assert stopped.returncode == 0 and "stopped: worker api" in stopped.stderr
    assert wait_until(lambda: not listening(platform.api_port) and not listening(platform.worker_port), 30)
    assert not list(platform.run_dir.glob("*.pid"))
    assert platform.npm("stop").stderr.strip().endswith("Retort was not running")


def test_ctrl_c_stops_a_foreground_npm_start(platform: Platform) -> None:
    process = subprocess.Popen(
        ["npm", "--silent", "start"],
        cwd=ROOT,
        env=platform.env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # a process group of its own, as a terminal's foreground job
    )
    try:
        assert wait_until(lambda: ready(platform.api_port) and ready(platform.worker_port), 180)
        assert wait_until(lambda: (platform.run_dir / "start.pid").exists(), 60)
        os.killpg(process.pid, signal.SIGINT)  # what Ctrl-C does
        _, stderr = process.communicate(timeout=90)
        assert "stopped: worker api" in stderr
        assert wait_until(lambda: not listening(platform.api_port), 30)
        assert not list(platform.run_dir.glob("*.pid"))
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)


def test_production_without_a_secret_refuses_to_start_and_creates_no_env_file(
    platform: Platform, tmp_path: Path
) -> None:
    env_file = tmp_path / "absent.env"
    platform.env.update(NODE_ENV="production", RETORT_ENV_FILE=str(env_file))
    platform.env.pop("DATABASE_PASSWORD", None)
    refused = platform.npm("start", "--", "--detach")
    assert refused.returncode == 1
    assert "DATABASE_PASSWORD is required but not set" in refused.stderr
    assert not env_file.exists()
    assert not listening(platform.api_port)


def test_development_without_an_env_file_creates_one_from_the_example(platform: Platform, tmp_path: Path) -> None:
    env_file = tmp_path / "created.env"
    platform.env.update(NODE_ENV="development", RETORT_ENV_FILE=str(env_file), START_SKIP="deps services images build examples")
    for name in ("DATABASE_HOST", "DATABASE_PASSWORD", "REDIS_URL", "S3_BUCKET", "KEYCLOAK_URL"):
        platform.env.pop(name, None)
    started = platform.npm("start", "--", "--detach")
    assert started.returncode == 0, started.stderr
    assert env_file.read_text() == (ROOT / ".env.example").read_text()
    assert ready(platform.api_port)
