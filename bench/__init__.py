"""Benchmarks of the platform: ``make bench`` (``python -m bench``).

A benchmark is a function registered with :func:`benchmark`. It gets a :class:`bench.runner.Context`
(its own freshly migrated database, a way to run ``manage.py`` against it, and the number of
runs asked for) and returns :class:`Samples`; the runner computes median and p95, prints the
table and writes ``bench/results.json``.

Benchmarks run in the order they are registered (:data:`MODULES`, then order within a module).
``seed_scale`` comes first and leaves national-scale data in the database, so later figures
(API latency, PDF rendering, dashboards) can measure against it. To add a figure::

    # bench/api.py, and "bench.api" appended to MODULES
    from bench import Samples, benchmark

    @benchmark("api_agreements_list", "GET /api/v1/agreements/ as an insurer", unit="ms",
               runs=200)
    def agreements_list(context):
        ...
        return Samples([...])
"""

from collections.abc import Callable
from dataclasses import dataclass, field

# Modules whose import registers benchmarks, in the order they should run.
MODULES = [
    "bench.benchmarks",
    "bench.national",
    "bench.api",
    "bench.http",
    "bench.webhooks",
    "bench.staff",
    "bench.documents",
    "bench.spreadsheets",
]


@dataclass
class Samples:
    """The measurements of one benchmark (in its unit), and anything worth reporting beside."""

    values: list[float]
    details: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Benchmark:
    name: str
    description: str
    unit: str
    runs: int
    function: Callable


REGISTRY: dict[str, Benchmark] = {}


def benchmark(name: str, description: str, *, unit: str = "s", runs: int = 3):
    """Register ``function(context) -> Samples`` under ``name``; ``runs`` is its default."""

    def register(function):
        if name in REGISTRY:
            raise ValueError(f"benchmark {name!r} is registered twice")
        REGISTRY[name] = Benchmark(name, description, unit, runs, function)
        return function

    return register
