"""Run the registered benchmarks against a database of their own and report the figures."""

import argparse
import datetime
import importlib
import json
import os
import platform
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import psycopg

from bench import MODULES, REGISTRY

BASE_DIR = Path(__file__).resolve().parent.parent
RESULTS = Path(__file__).resolve().parent / "results.json"
DEFAULT_DATABASE = "regio_bench"


def percentile(values: list[float], share: float) -> float:
    """Linear interpolation between the closest ranks (numpy's default)."""
    ordered = sorted(values)
    if not ordered:
        raise ValueError("no samples")
    position = (len(ordered) - 1) * share
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def summarise(values: list[float]) -> dict:
    return {
        "median": percentile(values, 0.5),
        "p95": percentile(values, 0.95),
        "min": min(values),
        "max": max(values),
    }


def database_settings() -> dict:
    """Host, port, user and password of the project's configured database."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
    if str(BASE_DIR) not in sys.path:
        sys.path.insert(0, str(BASE_DIR))
    from django.conf import settings

    db = settings.DATABASES["default"]
    return {
        "host": db.get("HOST") or "127.0.0.1",
        "port": int(db.get("PORT") or 5432),
        "user": db.get("USER") or "postgres",
        "password": db.get("PASSWORD") or "",
    }


def database_url(server: dict, name: str) -> str:
    credentials = quote(server["user"], safe="")
    if server["password"]:
        credentials += ":" + quote(server["password"], safe="")
    return f"postgres://{credentials}@{server['host']}:{server['port']}/{name}"


def recreate_database(server: dict, name: str) -> str:
    """Drop and create ``name``; returns the server's version."""
    with psycopg.connect(dbname="postgres", autocommit=True, connect_timeout=5, **server) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
        return conn.execute("SHOW server_version").fetchone()[0]


NATIONAL_REGIONS = 57


@dataclass
class Context:
    """What a benchmark gets: its database and how many runs to do."""

    database_url: str
    runs: int
    env: dict

    def manage(self, *args: str, timeout: float = 600) -> subprocess.CompletedProcess:
        """Run ``manage.py`` against the benchmark database; raise with its output on failure."""
        completed = subprocess.run(
            [sys.executable, str(BASE_DIR / "manage.py"), *args],
            cwd=BASE_DIR,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        if completed.returncode != 0:
            raise RuntimeError(
                f"manage.py {' '.join(args)} failed ({completed.returncode}):\n"
                f"{completed.stdout[-2000:]}\n{completed.stderr[-4000:]}"
            )
        return completed

    def django(self):
        """Set up Django in this process against the benchmark database (once), for figures that
        time views or queries in-process; returns ``django.conf.settings``."""
        import django
        import environ
        from django.apps import apps
        from django.conf import settings

        if not apps.ready:
            os.environ.update(self.env)
            # main() has read the settings already (database_settings()), before DATABASE_URL
            # named the benchmark database: point them at it before Django connects.
            settings.DATABASES["default"].update(environ.Env.db_url_config(self.database_url))
            django.setup()
            settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
        return settings

    def ensure_scale(self, factor: int = 1) -> None:
        """Make the database hold seed_scale's national data times ``factor`` (reseeds only when
        it holds another scale), so a figure can run alone or after others."""
        self.django()
        from django.db import close_old_connections

        from regions.models import Region

        close_old_connections()
        if Region.objects.count() != NATIONAL_REGIONS * factor:
            self.manage(
                "seed_scale", "--regions", str(NATIONAL_REGIONS), "--factor", str(factor), "--flush"
            )


def machine_info(server_version: str) -> dict:
    info = {
        "platform": platform.platform(),
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
        "postgresql": server_version,
    }
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                info["cpu"] = line.split(":", 1)[1].strip()
                break
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                info["memory_gb"] = round(int(line.split()[1]) / 1024 / 1024, 1)
                break
    except OSError:
        pass
    try:
        info["commit"] = (
            subprocess.run(
                ["git", "rev-parse", "--short", "HEAD"],
                cwd=BASE_DIR,
                capture_output=True,
                text=True,
                timeout=5,
            ).stdout.strip()
            or None
        )
    except (OSError, subprocess.SubprocessError):
        info["commit"] = None
    return info


def table(figures: dict) -> str:
    rows = [("figure", "median", "p95", "unit", "runs", "what")]
    for name, figure in figures.items():
        rows.append(
            (
                name,
                f"{figure['median']:.2f}",
                f"{figure['p95']:.2f}",
                figure["unit"],
                str(figure["runs"]),
                figure["description"],
            )
        )
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    right = {1, 2, 4}
    lines = []
    for index, row in enumerate(rows):
        cells = [
            cell.rjust(widths[i]) if i in right else cell.ljust(widths[i])
            for i, cell in enumerate(row)
        ]
        lines.append("  ".join(cells).rstrip())
        if index == 0:
            lines.append("  ".join("-" * width for width in widths))
    return "\n".join(lines)


def parse_args(argv):
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("names", nargs="*", help="only these benchmarks (default: all)")
    parser.add_argument("--runs", type=int, help="runs of each benchmark (default: its own)")
    parser.add_argument(
        "--database",
        default=DEFAULT_DATABASE,
        help=f"database to drop, create and use (default: {DEFAULT_DATABASE})",
    )
    parser.add_argument("--output", type=Path, default=RESULTS)
    parser.add_argument("--list", action="store_true", help="list the benchmarks and stop")
    return parser.parse_args(argv)


def main(argv=None) -> int:
    args = parse_args(argv)
    for module in MODULES:
        importlib.import_module(module)
    if args.list:
        for bench in REGISTRY.values():
            print(f"{bench.name}: {bench.description} ({bench.runs} runs, {bench.unit})")
        return 0
    unknown = [name for name in args.names if name not in REGISTRY]
    if unknown:
        print(
            f"Unknown benchmark(s): {', '.join(unknown)}. Known: {', '.join(REGISTRY)}",
            file=sys.stderr,
        )
        return 2
    chosen = [bench for name, bench in REGISTRY.items() if not args.names or name in args.names]

    started = time.perf_counter()
    server = database_settings()
    url = database_url(server, args.database)
    print(
        f"Database {args.database} on {server['host']}:{server['port']}: dropping, creating, "
        "migrating…",
        flush=True,
    )
    server_version = recreate_database(server, args.database)
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "DEBUG": "false",
        "DJANGO_SETTINGS_MODULE": os.environ.get("DJANGO_SETTINGS_MODULE", "config.settings.dev"),
    }
    setup = Context(url, 1, env)
    migrate_started = time.perf_counter()
    setup.manage("migrate", "--no-input", "-v", "0")
    print(f"Migrated in {time.perf_counter() - migrate_started:.1f} s.", flush=True)

    figures = {}
    for bench in chosen:
        runs = args.runs or bench.runs
        print(f"Running {bench.name} ({runs} runs)…", flush=True)
        samples = bench.function(Context(url, runs, env))
        figures[bench.name] = {
            "description": bench.description,
            "unit": bench.unit,
            "runs": len(samples.values),
            **summarise(samples.values),
            "samples": samples.values,
            "details": samples.details,
        }
        shown = ", ".join(f"{value:.2f}" for value in samples.values)
        print(f"  {bench.name}: {shown} {bench.unit}", flush=True)

    results = {
        "date": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "database": args.database,
        "machine": machine_info(server_version),
        "figures": figures,
        "total_seconds": round(time.perf_counter() - started, 1),
    }
    args.output.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
    print()
    print(table(figures))
    for name, figure in figures.items():
        counts = figure["details"].get("row_counts")
        if counts:
            print()
            print(f"Rows after {name} ({figure['details']['total_rows']} in all):")
            width = max(len(label) for label in counts)
            for label, count in counts.items():
                print(f"  {label.ljust(width)}  {count:>8}")
    print()
    print(f"Results written to {args.output} ({results['total_seconds']} s in all).")
    return 0
