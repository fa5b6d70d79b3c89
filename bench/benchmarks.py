"""The platform's figures. Each returns :class:`bench.Samples`; the runner does the statistics."""

import json
import time

from bench import Samples, benchmark
from bench.runner import NATIONAL_REGIONS


@benchmark(
    "seed_scale",
    f"manage.py seed_scale --regions {NATIONAL_REGIONS} --flush (wall time, national scale)",
    unit="s",
    runs=3,
)
def seed_scale(context) -> Samples:
    walls, inside, result = [], [], {}
    for _run in range(context.runs):
        started = time.perf_counter()
        completed = context.manage(
            "seed_scale", "--regions", str(NATIONAL_REGIONS), "--flush", "--json"
        )
        walls.append(time.perf_counter() - started)
        result = json.loads(completed.stdout.strip().splitlines()[-1])
        inside.append(result["elapsed_seconds"])
    counts = result.get("counts", {})
    return Samples(
        walls,
        details={
            "seconds_inside_command": inside,
            "row_counts": counts,
            "total_rows": sum(counts.values()),
        },
    )
