"""PDF documents at national scale: render time, memory, the share outside WeasyPrint, and
documents per minute with one and with two worker processes.

- Render figures: the regiobeeld and the regioplan of the largest region (most
  neighbourhoods), each run in a fresh process (``python -m bench.documents``) that renders the
  document twice: the first render loads fonts and compiles templates (reported as ``cold``),
  the second is what a busy worker sees (the figure). Peak memory is the process's peak resident
  size. The share outside WeasyPrint (queries, charts, templates) comes from the same renders.
- Throughput: real ``celery -A config worker`` processes (prefork, one child each) on the
  benchmark database and a Redis database of their own; after a warm-up document per worker,
  the regiobeelden of the largest regions are asked for at once and the clock stops when the
  last is done. One and two workers alternate, so the ratio compares runs side by side.
"""

import functools
import json
import os
import resource
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench import Samples, benchmark

BASE_DIR = Path(__file__).resolve().parent.parent
BROKER_URL = "redis://127.0.0.1:6379/12"
BATCH = 12  # documents per throughput run
USERNAME = "bench-documenten"


def largest_region(context):
    context.ensure_scale(1)
    from django.db.models import Count, Sum

    from regions.models import Region

    return (
        Region.objects.annotate(
            neighbourhood_count=Count("neighbourhoods", distinct=True),
            population=Sum("neighbourhoods__population"),
        )
        .order_by("-neighbourhood_count", "-population")
        .first()
    )


# --- render time and memory, one fresh process per run ----------------------------------------


def render_in_this_process(kind: str, region_id: int) -> dict:
    """Render twice in this (fresh) process; print timings and peak memory as JSON."""
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
    django.setup()
    from documents.rendering import render
    from regions.models import Region

    region = Region.objects.get(pk=region_id)
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    cold = render(kind, region)
    cpu_started = time.process_time()
    warm = render(kind, region)
    cpu_seconds = time.process_time() - cpu_started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {
        "cold": cold.timings.seconds,
        "warm": warm.timings.seconds,
        "cpu_seconds": cpu_seconds,  # this process's CPU time: not slowed by other load
        "pages": warm.page_count,
        "bytes": len(warm.pdf),
        "peak_mb": peak / 1024,  # ru_maxrss is in KiB on Linux
        "peak_over_setup_mb": (peak - rss_before) / 1024,
    }


def measured_once(function):
    """The figures of one measurement are reported by several benchmarks: measure once per
    database (and arguments)."""
    results = {}

    @functools.wraps(function)
    def measure(context, *args):
        key = (context.database_url, *args)
        if key not in results:
            results[key] = function(context, *args)
        return results[key]

    return measure


@measured_once
def render_runs(context, kind: str) -> dict:
    region = largest_region(context)  # sets Django up: import our modules after it
    from documents.rendering import OUTSIDE_WEASYPRINT

    runs = []
    for _ in range(context.runs):
        completed = subprocess.run(
            [sys.executable, "-m", "bench.documents", kind, str(region.pk)],
            cwd=BASE_DIR,
            env=context.env,
            capture_output=True,
            text=True,
            timeout=600,
            check=True,
        )
        runs.append(json.loads(completed.stdout.strip().splitlines()[-1]))
    seconds = [sum(run["warm"].values()) for run in runs]
    outside = [
        100 * sum(run["warm"][step] for step in OUTSIDE_WEASYPRINT) / sum(run["warm"].values())
        for run in runs
    ]
    return {
        "seconds": seconds,
        "outside_percent": outside,
        "peak_mb": [run["peak_mb"] for run in runs],
        "details": {
            "region": region.name,
            "neighbourhoods": region.neighbourhood_count,
            "population": region.population,
            "pages": runs[-1]["pages"],
            "pdf_bytes": runs[-1]["bytes"],
            "cold_seconds": [sum(run["cold"].values()) for run in runs],
            "cpu_seconds": [run["cpu_seconds"] for run in runs],
            "step_seconds_median": {
                step: statistics.median(run["warm"][step] for run in runs)
                for step in runs[-1]["warm"]
            },
            "peak_over_setup_mb": [run["peak_over_setup_mb"] for run in runs],
        },
    }


def register_render_figures(kind: str, label: str) -> None:
    @benchmark(
        f"documents_{kind}_seconds",
        f"render the {label} of the largest region (warm worker, national scale)",
        unit="s",
        runs=5,
    )
    def render_seconds(context):
        runs = render_runs(context, kind)
        return Samples(runs["seconds"], details=runs["details"])

    @benchmark(
        f"documents_{kind}_outside_weasyprint",
        f"share of the {label}'s render time in queries, charts and templates",
        unit="%",
        runs=5,
    )
    def outside_share(context):
        runs = render_runs(context, kind)
        return Samples(runs["outside_percent"], details=runs["details"]["step_seconds_median"])

    @benchmark(
        f"documents_{kind}_peak_memory",
        f"peak resident memory of a process rendering the {label} twice",
        unit="MB",
        runs=5,
    )
    def peak_memory(context):
        runs = render_runs(context, kind)
        return Samples(
            runs["peak_mb"], details={"over_setup_mb": runs["details"]["peak_over_setup_mb"]}
        )


register_render_figures("regiobeeld", "regiobeeld")
register_render_figures("regioplan", "regioplan")


# --- documents per minute with one and two worker processes -----------------------------------


def use_broker(url: str) -> None:
    """Send this process's tasks to ``url`` (the benchmark workers' broker)."""
    from config.celery import app

    app.conf.broker_url = url
    if app._pool is not None:
        app._pool.force_close_all()
        app._pool = None
    app.amqp._producer_pool = None


def start_workers(context, count: int, media_root: str) -> list:
    env = {
        **context.env,
        "CELERY_BROKER_URL": BROKER_URL,
        "CELERY_RESULT_BACKEND": BROKER_URL,
        "MEDIA_ROOT": media_root,
    }
    return [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "config",
                "worker",
                "--pool=prefork",
                "--concurrency=1",
                "--loglevel=WARNING",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
                "-n",
                f"bench{index}@%h",
            ],
            cwd=BASE_DIR,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        for index in range(count)
    ]


def stop_workers(processes) -> None:
    for process in processes:
        os.killpg(process.pid, signal.SIGTERM)
    for process in processes:
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def render_all(user, regions) -> float:
    """Ask for a regiobeeld of each region at once; seconds until the last one is done."""
    from documents.models import Document, DocumentKind
    from documents.services import request_document

    started = time.perf_counter()
    ids = [request_document(user, DocumentKind.REGIOBEELD, region).pk for region in regions]
    while Document.objects.filter(pk__in=ids).pending().exists():
        time.sleep(0.05)
    elapsed = time.perf_counter() - started
    failed = Document.objects.filter(pk__in=ids).exclude(status="done").count()
    if failed:
        raise RuntimeError(f"{failed} benchmark documents failed")
    return elapsed


@measured_once
def throughput_runs(context) -> dict:
    import redis
    from django.db.models import Count

    from accounts.models import User
    from regions.models import Region

    context.ensure_scale(1)
    user, _created = User.objects.get_or_create(
        username=USERNAME, defaults={"is_superuser": True, "is_staff": True}
    )
    regions = list(
        Region.objects.annotate(n=Count("neighbourhoods")).order_by("-n", "code")[: BATCH + 2]
    )
    warm_up, batch = regions[:2], regions[2:]
    redis.Redis.from_url(BROKER_URL).flushdb()
    use_broker(BROKER_URL)
    per_minute = {1: [], 2: []}
    with tempfile.TemporaryDirectory() as media_root:
        for _ in range(context.runs):
            for count in (1, 2):
                workers = start_workers(context, count, media_root)
                try:
                    render_all(user, warm_up[:count])  # each worker renders one first
                    seconds = render_all(user, batch)
                finally:
                    stop_workers(workers)
                per_minute[count].append(60 * len(batch) / seconds)
    return {
        "per_minute": per_minute,
        "speedup": [two / one for one, two in zip(per_minute[1], per_minute[2], strict=True)],
        "details": {"documents_per_run": len(batch), "kind": "regiobeeld"},
    }


@benchmark(
    "documents_per_minute_1_worker",
    "regiobeelden per minute, one worker process (12 largest regions at once)",
    unit="docs/min",
    runs=3,
)
def per_minute_one(context):
    runs = throughput_runs(context)
    return Samples(runs["per_minute"][1], details=runs["details"])


@benchmark(
    "documents_per_minute_2_workers",
    "regiobeelden per minute, two worker processes (same documents, alternating runs)",
    unit="docs/min",
    runs=3,
)
def per_minute_two(context):
    runs = throughput_runs(context)
    return Samples(runs["per_minute"][2], details=runs["details"])


@benchmark(
    "documents_2_workers_speedup",
    "documents per minute with two workers over one, run by run",
    unit="x",
    runs=3,
)
def two_worker_speedup(context):
    runs = throughput_runs(context)
    return Samples(runs["speedup"], details=runs["details"])


if __name__ == "__main__":
    print(json.dumps(render_in_this_process(sys.argv[1], int(sys.argv[2]))))
