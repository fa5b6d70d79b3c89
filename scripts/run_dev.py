"""`make run`: the web server and a Celery worker together; Ctrl-C stops both.

PostgreSQL and Redis are the configured ones, or embedded ones started here when DATABASE_URL or
REDIS_URL is not set (scripts/services.py). Creates the database when missing, migrates, loads the
demo data, then prints the URL and the demo logins once the site answers and the worker replies
to a ping.

Stopping ends every process of the run, whatever signals arrive and however often: a signal only
asks for the stop, and the stop itself cannot be interrupted. Each child runs in a process group
of its own, and the whole group is ended (runserver's reloader, the worker's pool and beat), then
the embedded servers this run started.
"""

import contextlib
import os
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from services import Services

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
HOST = os.environ.get("HOST", "127.0.0.1")
PORT = os.environ.get("PORT", "8000")
URL = f"http://{HOST}:{PORT}/"
STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)
# Seconds a process group gets to end after TERM before it is killed.
GRACE = 15


class Run:
    def __init__(self):
        self.stop_requested = False
        self.processes = []

    def ask_to_stop(self, signum, frame):
        self.stop_requested = True

    def start(self, *command) -> subprocess.Popen:
        process = subprocess.Popen(command, cwd=ROOT, start_new_session=True)
        self.processes.append(process)
        return process

    def step(self, *arguments) -> bool:
        """Run a manage.py command to its end; False when it failed or a stop was asked."""
        process = self.start(sys.executable, "manage.py", *arguments)
        while process.poll() is None and not self.stop_requested:
            time.sleep(0.2)
        return process.returncode == 0

    def pause(self, seconds: float) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline and not self.stop_requested:
            time.sleep(0.2)

    def stop(self) -> None:
        for process in self.processes:
            _signal_group(process, signal.SIGTERM)
        deadline = time.monotonic() + GRACE
        while any(_group_alive(p) for p in self.processes) and time.monotonic() < deadline:
            time.sleep(0.2)
        for process in self.processes:
            _signal_group(process, signal.SIGKILL)
            process.wait()


def _signal_group(process: subprocess.Popen, signum: int) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signum)


def _group_alive(process: subprocess.Popen) -> bool:
    process.poll()  # reaps the group's leader once it has ended
    try:
        os.killpg(process.pid, 0)
    except ProcessLookupError:
        return False
    return True


def site_answers() -> bool:
    try:
        with urllib.request.urlopen(URL + "health/", timeout=2) as response:
            return response.status == 200
    except OSError:
        return False


def worker_answers() -> bool:
    ping = subprocess.run(
        [BIN / "celery", "-A", "config", "inspect", "ping", "--timeout", "2"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    return ping.returncode == 0 and "pong" in ping.stdout


def serve(run: Run) -> int:
    for step in (
        ["check_services", "--create-database"],
        ["migrate", "--no-input", "-v", "0"],
        ["seed_demo"],
    ):
        if not run.step(*step):
            return 0 if run.stop_requested else 1
    processes = [
        run.start(sys.executable, "manage.py", "runserver", f"{HOST}:{PORT}"),
        # --beat: the same process also sends the scheduled tasks (the national snapshot);
        # its schedule state lives outside the tree.
        run.start(
            BIN / "celery",
            "-A",
            "config",
            "worker",
            "--beat",
            f"--schedule={Path(tempfile.gettempdir()) / 'regio-celerybeat-schedule'}",
            "--loglevel=warning",
            "--concurrency=2",
        ),
    ]
    deadline = time.monotonic() + 60
    while not (site_answers() and worker_answers()):
        if run.stop_requested:
            return 0
        if any(p.poll() is not None for p in processes) or time.monotonic() > deadline:
            print("The web server or the Celery worker did not start; see the output above.")
            return 1
        run.pause(1)
    if not run.step("seed_demo", "--print-logins"):
        return 0 if run.stop_requested else 1
    print(f"\nRegio runs at {URL}  (admin: {URL}admin/)  — the Celery worker answers.")
    print("Press Ctrl-C to stop the web server and the worker.\n", flush=True)
    while all(p.poll() is None for p in processes):
        if run.stop_requested:
            return 0
        run.pause(1)
    print("A process stopped; stopping the others.")
    return 1


def main() -> int:
    run = Run()
    # Stop on Ctrl-C, TERM or a closed terminal, even when started where SIGINT is ignored.
    for signum in STOP_SIGNALS:
        signal.signal(signum, run.ask_to_stop)
    services = Services()
    try:
        os.environ.update(services.start())
        return serve(run)
    finally:
        # The stop is under way: further signals are ignored. (A Python handler would not do:
        # Python puts the default action back while it shuts down, and a late Ctrl-C kills it.)
        for signum in STOP_SIGNALS:
            signal.signal(signum, signal.SIG_IGN)
        print("\nStopping…", flush=True)
        run.stop()
        services.stop()
        print("Stopped.", flush=True)


if __name__ == "__main__":
    sys.exit(main())
