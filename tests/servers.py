"""Real server processes for tests: `spark-graph serve` in a subprocess on a free port,
stopped (and its workers with it) whatever happens, within bounded time."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

from spark_graph.clock import FrozenClock, SystemClock
from spark_graph.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
START_TIMEOUT_SECONDS = 60.0
STOP_TIMEOUT_SECONDS = 15.0


def wall_clock() -> FrozenClock:
    """A real server reads the system clock: tokens made for it must be issued now."""
    return FrozenClock(SystemClock().now())


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@dataclass
class Server:
    process: subprocess.Popen[bytes]
    port: int
    log_path: Path

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def websocket_url(self) -> str:
        return f"ws://127.0.0.1:{self.port}/graphql"

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")[-4000:]

    def worker_pids(self) -> list[int]:
        """uvicorn's worker processes (Linux /proc; multiprocessing's resource tracker,
        also a child, is left out)."""
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        if not children.exists():
            return []
        pids = [int(pid) for pid in children.read_text().split()]
        return [pid for pid in pids if b"spawn_main" in _cmdline(pid)]


def _cmdline(pid: int) -> bytes:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return b""


def server_environment(settings: Settings) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        DATABASE_URL=settings.database_url,
        SPARK_SECRET_KEY=settings.secret_key,
        SPARK_PASSWORD_TIME_COST=str(settings.password_time_cost),
        SPARK_PASSWORD_MEMORY_KIB=str(settings.password_memory_cost_kib),
        PYTHONPATH=os.pathsep.join([str(ROOT / "src"), str(ROOT)]),
    )
    return env


@contextmanager
def running_servers(
    settings: Settings, log_dir: Path, *, count: int = 1, workers: int = 1
) -> Iterator[list[Server]]:
    """`count` x `spark-graph serve --workers N`, each on a free port of 127.0.0.1, started
    together, all answering /healthz when entered, all stopped on exit."""
    servers: list[Server] = []
    try:
        for _ in range(count):
            servers.append(_start(settings, log_dir, workers=workers))
        for server in servers:
            _wait_until_healthy(server)
        yield servers
    finally:
        for server in servers:
            _stop(server.process)


@contextmanager
def running_server(settings: Settings, log_dir: Path, *, workers: int = 1) -> Iterator[Server]:
    with running_servers(settings, log_dir, workers=workers) as (server,):
        yield server


def _start(settings: Settings, log_dir: Path, *, workers: int) -> Server:
    port = free_port()
    log_path = log_dir / f"server-{port}.log"
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            [
                *(sys.executable, "-m", "spark_graph.cli", "serve", "--port", str(port)),
                *("--workers", str(workers), "--log-level", "warning"),
            ],
            cwd=ROOT,
            env=server_environment(settings),
            stdout=log,
            stderr=subprocess.STDOUT,
            # Its own process group, so the workers can be stopped with it.
            start_new_session=True,
        )
    return Server(process=process, port=port, log_path=log_path)


def _wait_until_healthy(server: Server) -> None:
    deadline = time.monotonic() + START_TIMEOUT_SECONDS
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise AssertionError(f"the server exited early:\n{server.log()}")
        try:
            if httpx.get(f"{server.base_url}/healthz", timeout=1.0).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.1)
    raise AssertionError(
        f"the server did not answer within {START_TIMEOUT_SECONDS}s:\n{server.log()}"
    )


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=STOP_TIMEOUT_SECONDS)
        except subprocess.TimeoutExpired:
            pass
    # Whatever is left of the group (a worker that did not stop): kill it.
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    process.wait(timeout=STOP_TIMEOUT_SECONDS)
