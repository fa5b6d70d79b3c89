"""CI: the README's `make run` on a machine with neither PostgreSQL nor Redis configured.

From a fresh clone, with DATABASE_URL and REDIS_URL unset: `make run` starts the embedded
PostgreSQL and Valkey; /health/ names both, a demo login gets an API token, the worker renders a
progress report (PDF), TERM stops it all with no process left. A second `make run` finds the
same servers' data (same ports, the demo data already there). Standard library only.
"""

import json
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
MARKER = f"REGIO_SMOKE_{uuid.uuid4().hex}"
LOGIN = {"username": "demo-bewerker", "password": "regio-demo-2026"}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def processes_of_the_run() -> list[str]:
    """Live processes whose environment carries this smoke run's marker (every descendant of
    `make run`, the embedded servers included)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            environment = (entry / "environ").read_bytes()
            state = (entry / "stat").read_text().rsplit(")", 1)[1].split()[0]
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except OSError:
            continue
        if MARKER.encode() in environment and state != "Z":
            found.append(f"{entry.name}: {command}")
    return found


def request(url, data=None, token=None):
    headers = {"Accept": "application/json"}
    if data is not None:
        headers["Content-Type"] = "application/json"
        data = json.dumps(data).encode()
    if token:
        headers["Authorization"] = f"Token {token}"
    with urllib.request.urlopen(
        urllib.request.Request(url, data=data, headers=headers), timeout=30
    ) as response:
        return response.status, response.headers.get("Content-Type", ""), response.read()


class MakeRun:
    def __init__(self, checkout: Path, port: int, log: Path):
        self.url = f"http://127.0.0.1:{port}"
        self.log = log
        env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")}
        env.update(PORT=str(port), **{MARKER: "1"})
        self.started = time.monotonic()
        with open(log, "wb") as output:
            # A session of its own, as a terminal's foreground job: TERM goes to the group,
            # as `timeout` sends it.
            self.process = subprocess.Popen(
                ["make", "run"],
                cwd=checkout,
                env=env,
                stdout=output,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    def output(self) -> str:
        return self.log.read_text(errors="replace")

    def wait_until_running(self, seconds: float) -> float:
        deadline = self.started + seconds
        while "Regio runs at" not in self.output():
            if self.process.poll() is not None or time.monotonic() > deadline:
                sys.exit(f"make run did not start:\n{self.output()}")
            time.sleep(1)
        return time.monotonic() - self.started

    def stop(self) -> None:
        os.killpg(self.process.pid, signal.SIGTERM)
        time.sleep(0.5)
        os.killpg(self.process.pid, signal.SIGTERM)  # as `timeout` does: a second one
        try:
            self.process.wait(timeout=90)
        except subprocess.TimeoutExpired:
            sys.exit(f"make run did not stop within 90 s:\n{self.output()}")
        left = processes_of_the_run()
        if left:
            sys.exit("Processes left after make run stopped:\n" + "\n".join(left))


def check_health(run: MakeRun) -> dict:
    status, _, body = request(f"{run.url}/health/")
    health = json.loads(body)
    assert status == 200, health
    assert health["database_server"] == "PostgreSQL 18", health
    assert health["redis_server"].startswith("Valkey "), health
    return health


def render_a_document(run: MakeRun) -> int:
    """Log in through the API as a demo editor and have the worker render a progress report."""
    status, _, body = request(f"{run.url}/api/v1/auth/token/", LOGIN)
    assert status == 201, body
    token = json.loads(body)["token"]
    _, _, body = request(f"{run.url}/api/v1/agreements/", token=token)
    agreement = json.loads(body)["results"][0]["id"]
    status, _, body = request(
        f"{run.url}/api/v1/agreements/{agreement}/documents/", {}, token=token
    )
    assert status == 202, body
    document = json.loads(body)
    deadline = time.monotonic() + 180
    while document["status"] != "done":
        assert document["status"] in ("queued", "rendering"), document
        assert time.monotonic() < deadline, f"not rendered within 180 s: {document}"
        time.sleep(1)
        _, _, body = request(document["status_url"], token=token)
        document = json.loads(body)
    status, content_type, pdf = request(document["download_url"], token=token)
    assert status == 200 and content_type == "application/pdf" and pdf.startswith(b"%PDF"), (
        content_type
    )
    return len(pdf)


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="regio-smoke-") as workspace:
        checkout = Path(workspace) / "regio"
        started = time.monotonic()
        subprocess.run(["git", "clone", "--quiet", str(REPO), str(checkout)], check=True)
        try:
            first = MakeRun(checkout, free_port(), Path(workspace) / "first.log")
            first.wait_until_running(seconds=600)
            print(
                f"First make run: from clone to 'Regio runs at' {time.monotonic() - started:.0f} s"
            )
            output = first.output()
            for server in (
                "PostgreSQL 18 (embedded) in .local/postgres",
                "(embedded) in .local/valkey",
            ):
                assert server in output, output
            health = check_health(first)
            print(f"/health/: {health}")
            size = render_a_document(first)
            print(f"A demo login got a token; the worker rendered a progress report ({size} bytes)")
            first.stop()
            print("Stopped by TERM (twice): no process of the run left")
            ports = json.loads((checkout / ".local" / "ports.json").read_text())

            second = MakeRun(checkout, free_port(), Path(workspace) / "second.log")
            took = second.wait_until_running(seconds=300)
            print(f"Second make run: 'Regio runs at' after {took:.0f} s")
            output = second.output()
            assert "The demo data was already there; nothing created." in output, output
            assert re.search(rf"PostgreSQL 18 \(embedded\).*port {ports['postgres']}\b", output)
            check_health(second)
            second.stop()
            print("Second run reused the data and ports, and stopped cleanly")
        finally:
            for line in processes_of_the_run():
                os.kill(int(line.split(":")[0]), signal.SIGKILL)
            subprocess.run(["make", "clean"], cwd=checkout, stdout=subprocess.DEVNULL)
    return 0


if __name__ == "__main__":
    sys.exit(main())
