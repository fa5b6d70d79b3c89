"""The platform under a real server, as deployed: gunicorn serving ``config.wsgi`` (the
Dockerfile's command) with a number of sync workers, on a port of its own on 127.0.0.1.

Used by the HTTP benchmarks (:mod:`bench.http`) and by the fault tests, which stop Redis or
PostgreSQL under it.
"""

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Gunicorn:
    """``with Gunicorn(env, log=path) as server: server.url("/api/v1/")``.

    ``env`` is the environment of the server (``DATABASE_URL``, ``REDIS_URL``,
    ``DJANGO_SETTINGS_MODULE``, ...); its output (access log included, as in the Dockerfile)
    goes to ``log``.
    """

    def __init__(self, env: dict, *, log: Path, workers: int = 2, port: int | None = None):
        self.env = env
        self.log = log
        self.workers = workers
        self.port = port or free_port()
        self.process = None

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def start(self, timeout: float = 60) -> None:
        command = [
            *(sys.executable, "-m", "gunicorn", "config.wsgi:application"),
            *("--bind", f"127.0.0.1:{self.port}", "--workers", str(self.workers)),
            *("--access-logfile", "-"),
        ]
        with open(self.log, "ab") as log:
            self.process = subprocess.Popen(
                command, cwd=BASE_DIR, env=self.env, stdout=log, stderr=subprocess.STDOUT
            )
        deadline = time.monotonic() + timeout
        while True:
            try:
                urllib.request.urlopen(self.url("/health/"), timeout=5).close()
                return
            except urllib.error.HTTPError:  # any answer: the server is up
                return
            except OSError as error:
                if self.process.poll() is not None or time.monotonic() > deadline:
                    self.stop()
                    output = self.log.read_text()[-3000:]
                    raise RuntimeError(f"gunicorn did not start:\n{output}") from error
                time.sleep(0.2)

    def stop(self) -> None:
        if self.process is None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.process = None

    def __enter__(self):
        self.start()
        return self

    def __exit__(self, *exc):
        self.stop()


def server_env(database_url: str, redis_url: str, **extra) -> dict:
    """The environment of a server process: this one's, pointed at ``database_url`` and
    ``redis_url`` (cache one database further, as the settings derive it)."""
    env = {name: value for name, value in os.environ.items() if name != "CACHE_URL"}
    return {**env, "DEBUG": "false", "DATABASE_URL": database_url, "REDIS_URL": redis_url, **extra}
