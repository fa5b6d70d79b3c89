"""Insurer API figures under a real server, as deployed: gunicorn with two workers
(:class:`bench.server.Gunicorn`, the production settings plus the plain view,
:mod:`bench.settings`) and ``wrk`` (Debian's package) as a second process with 8 connections,
at national scale with the busiest insurer's token.

Each round runs every case once, in a rotating order, so that noise falls on all alike:

- the agreements list (100 a page) and the plain view of :mod:`bench.api` (the same scoping
  and rows with ``values()`` and ``JsonResponse``): the API's share of the plain view's
  requests/s, goal >= 0.85;
- the same list with ``If-None-Match`` of its current ETag (304): goal >= 5 x the full list;
- one agreement's detail.

The figures' samples are requests/s per round; the rounds are measured once and shared by the
three figures.
"""

import re
import shutil
import subprocess
import tempfile
import urllib.request
from pathlib import Path

from bench import Samples, benchmark
from bench.api import API_URL, PLAIN_URL, busiest_insurer_member
from bench.server import Gunicorn, server_env

CONNECTIONS = 8
SECONDS = 5
WARM_UP_SECONDS = 2
ROUNDS = 5
UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}

_measured: dict = {}


def wrk(url: str, seconds: int, headers: dict) -> dict:
    """Requests/s, latency percentiles (ms) and answers other than 2xx/3xx of one wrk run."""
    command = ["wrk", "--threads", "2", "--connections", str(CONNECTIONS)]
    command += ["--duration", f"{seconds}s", "--timeout", "30s", "--latency"]
    for name, value in headers.items():
        command += ["--header", f"{name}: {value}"]
    output = subprocess.run(
        [*command, url], capture_output=True, text=True, check=True, timeout=seconds + 60
    ).stdout
    latency = {
        f"p{share}": float(number) * UNITS[unit]
        for share, number, unit in re.findall(r"^\s+(50|99)%\s+([\d.]+)(us|ms|s)\s*$", output, re.M)
    }
    failed = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    socket_errors = re.search(r"Socket errors: (.*)", output)
    return {
        "requests_per_second": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        **latency,
        "errors": (int(failed.group(1)) if failed else 0) + (1 if socket_errors else 0),
        "output": output,
    }


def measure(context) -> dict:
    if _measured:
        return _measured
    if shutil.which("wrk") is None:
        raise RuntimeError("wrk is not installed: apt-get install -y wrk")
    context.ensure_scale(1)
    settings = context.django()
    from knox.models import AuthToken

    user = busiest_insurer_member()
    _token, key = AuthToken.objects.create(user=user)
    headers = {"Authorization": f"Token {key}", "Accept": "application/json"}
    env = server_env(
        context.database_url,
        settings.REDIS_URL,
        DJANGO_SETTINGS_MODULE="bench.settings",
        SECRET_KEY="bench-only-not-a-secret",
        SECURE_SSL_REDIRECT="false",
        ALLOWED_HOSTS="127.0.0.1",
        API_THROTTLE_BURST="100000000/min",
        API_THROTTLE_SUSTAINED="1000000000/hour",
        LOG_LEVEL="WARNING",
    )
    log = Path(tempfile.mkdtemp(prefix="bench-http-")) / "gunicorn.log"
    try:
        with Gunicorn(env, log=log, workers=2) as server:
            request = urllib.request.Request(server.url(API_URL), headers=headers)
            with urllib.request.urlopen(request) as response:
                etag = response.headers["ETag"]
                body = response.read()
            first = re.search(rb'"id":\s*(\d+)', body).group(1).decode()
            cases = {
                "list": (server.url(API_URL), headers),
                "plain": (server.url(PLAIN_URL), headers),
                "not_modified": (server.url(API_URL), {**headers, "If-None-Match": etag}),
                "detail": (server.url(f"/api/v1/agreements/{first}/"), headers),
            }
            for url, case_headers in cases.values():
                wrk(url, WARM_UP_SECONDS, case_headers)
            runs = {name: [] for name in cases}
            names = list(cases)
            for round_number in range(context.runs):
                shift = round_number % len(names)
                for name in names[shift:] + names[:shift]:
                    url, case_headers = cases[name]
                    runs[name].append(wrk(url, SECONDS, case_headers))
    finally:
        AuthToken.objects.filter(user=user).delete()
    failed = {name: sum(run["errors"] for run in r) for name, r in runs.items()}
    if any(failed.values()):
        raise RuntimeError(f"answers other than 2xx/3xx: {failed}; see {log}")
    _measured.update(runs=runs, user=user.username, page_bytes=len(body))
    return _measured


def rates(runs) -> list[float]:
    return [run["requests_per_second"] for run in runs]


def p99s(runs) -> list[float]:
    return [run.get("p99") for run in runs]


@benchmark(
    "http_agreements_list",
    f"GET {API_URL} under gunicorn (2 workers), wrk {CONNECTIONS} connections; requests/s",
    unit="req/s",
    runs=ROUNDS,
)
def http_agreements_list(context) -> Samples:
    measured = measure(context)
    api, plain = rates(measured["runs"]["list"]), rates(measured["runs"]["plain"])
    return Samples(
        api,
        details={
            "plain_view_requests_per_second": plain,
            "ratio_to_plain_view": sum(api) / sum(plain),
            "ratio_per_round": [a / p for a, p in zip(api, plain, strict=True)],
            "p99_ms": p99s(measured["runs"]["list"]),
            "plain_p99_ms": p99s(measured["runs"]["plain"]),
            "page_bytes": measured["page_bytes"],
            "user": measured["user"],
        },
    )


@benchmark(
    "http_agreements_list_304",
    "the same list with If-None-Match of its ETag (304), alternated with it; requests/s",
    unit="req/s",
    runs=ROUNDS,
)
def http_agreements_list_304(context) -> Samples:
    measured = measure(context)
    not_modified = rates(measured["runs"]["not_modified"])
    return Samples(
        not_modified,
        details={
            "times_the_full_list": sum(not_modified) / sum(rates(measured["runs"]["list"])),
            "p99_ms": p99s(measured["runs"]["not_modified"]),
        },
    )


@benchmark(
    "http_agreement_detail",
    "GET /api/v1/agreements/{id}/ (with mandate check) under the same server; requests/s",
    unit="req/s",
    runs=ROUNDS,
)
def http_agreement_detail(context) -> Samples:
    measured = measure(context)
    return Samples(
        rates(measured["runs"]["detail"]),
        details={"p99_ms": p99s(measured["runs"]["detail"])},
    )
