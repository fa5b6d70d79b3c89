"""`make run`: the web server and a Celery worker together; Ctrl-C stops both.

Prints the URL and the demo logins once the site answers and the worker replies to a ping.
"""

import os
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
HOST = os.environ.get("HOST", "127.0.0.1")
PORT = os.environ.get("PORT", "8000")
URL = f"http://{HOST}:{PORT}/"


def start(*command: str) -> subprocess.Popen:
    return subprocess.Popen(command, cwd=ROOT, start_new_session=True)


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


def stop(processes):
    for process in processes:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
    for process in processes:
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)


def interrupt(signum, frame):
    raise KeyboardInterrupt


def main() -> int:
    # Stop both children on Ctrl-C or a TERM, even when started where SIGINT is ignored.
    signal.signal(signal.SIGINT, interrupt)
    signal.signal(signal.SIGTERM, interrupt)
    processes = [
        start(sys.executable, "manage.py", "runserver", f"{HOST}:{PORT}"),
        # --beat: the same process also sends the scheduled tasks (the national snapshot);
        # its schedule state lives outside the tree.
        start(
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
    try:
        deadline = time.monotonic() + 60
        while not (site_answers() and worker_answers()):
            if any(p.poll() is not None for p in processes) or time.monotonic() > deadline:
                print("The web server or the Celery worker did not start; see the output above.")
                return 1
            time.sleep(1)
        subprocess.run([sys.executable, "manage.py", "seed_demo", "--print-logins"], cwd=ROOT)
        print(f"\nRegio runs at {URL}  (admin: {URL}admin/)  — the Celery worker answers.")
        print("Press Ctrl-C to stop the web server and the worker.\n", flush=True)
        while all(p.poll() is None for p in processes):
            time.sleep(1)
        print("A process stopped; stopping the other.")
        return 1
    except KeyboardInterrupt:
        print("\nStopping…")
        return 0
    finally:
        stop(processes)


if __name__ == "__main__":
    sys.exit(main())
