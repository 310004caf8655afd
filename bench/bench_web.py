"""The web face under load: the Today page and ``GET /api/agenda`` on the 50,000-contact network.

Each endpoint is hammered for 30 s on loopback by ``wrk`` (Debian's; ``make bench``
installs it), or, without it, by a bounded Python client. The ceiling is a bare
Starlette app in its own uvicorn process, served the same way, that returns the
same bytes precomputed (the Today page's HTML, the agenda's JSON): what uvicorn
and the machine can do when the application does nothing. Targets (issue 6): at
least half the ceiling's requests per second, p99 under 100 ms.

Both servers are single uvicorn processes with the same settings; the machine's
cores are shared with the load generator, so the ratio matters more than the
absolute figures.
"""

from __future__ import annotations

import asyncio
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import textwrap
import time
import urllib.request
from pathlib import Path

from bench.common import Figure, percentile
from bench.generate import ANCHOR, ensure_db

DURATION = 30
CONNECTIONS = 16


def _port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait(url: str, proc: subprocess.Popen[bytes], timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            urllib.request.urlopen(url, timeout=2).read()
            return
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"server at {url} did not start") from None
            time.sleep(0.3)


def _get(url: str) -> tuple[bytes, float]:
    start = time.perf_counter()
    body = urllib.request.urlopen(url, timeout=600).read()
    return body, time.perf_counter() - start


CEILING = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    import uvicorn
    from starlette.applications import Starlette
    from starlette.responses import Response
    from starlette.routing import Route

    html = Path(sys.argv[2]).read_bytes()
    data = Path(sys.argv[3]).read_bytes()

    async def page(request):
        return Response(html, media_type="text/html; charset=utf-8")

    async def agenda(request):
        return Response(data, media_type="application/json")

    app = Starlette(routes=[Route("/today", page), Route("/api/agenda", agenda)])
    uvicorn.run(app, host="127.0.0.1", port=int(sys.argv[1]), log_level="warning")
    """
)


def _wrk(url: str, seconds: int) -> tuple[float, float]:
    """Requests per second and p99 latency (ms) from ``wrk --latency``."""
    out = subprocess.run(
        ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{seconds}s", "--latency", "--timeout", "10s", url],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    m = re.search(r"99%\s+([\d.]+)(us|ms|s)\b", out)
    assert m, out
    p99 = float(m.group(1)) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[m.group(2)]
    if "Non-2xx" in out:
        raise RuntimeError(f"errors under load at {url}:\n{out}")
    return rps, p99


async def _pyload(url: str, seconds: int) -> tuple[float, float]:
    """A bounded asyncio client (keep-alive, CONNECTIONS workers) when wrk is missing."""
    import httpx

    latencies: list[float] = []
    stop = time.monotonic() + seconds
    limits = httpx.Limits(max_connections=CONNECTIONS, max_keepalive_connections=CONNECTIONS)
    async with httpx.AsyncClient(limits=limits, timeout=10) as client:

        async def worker() -> None:
            while time.monotonic() < stop:
                t = time.perf_counter()
                r = await client.get(url)
                r.raise_for_status()
                latencies.append((time.perf_counter() - t) * 1000)

        start = time.monotonic()
        await asyncio.gather(*(worker() for _ in range(CONNECTIONS)))
        elapsed = time.monotonic() - start
    return len(latencies) / elapsed, percentile(latencies, 99)


def load(url: str, seconds: int) -> tuple[float, float]:
    if shutil.which("wrk"):
        return _wrk(url, seconds)
    return asyncio.run(_pyload(url, seconds))


def run(quick: bool = False) -> list[Figure]:
    n, m = (5_000, 100_000) if quick else (50_000, 1_000_000)
    seconds = 5 if quick else DURATION
    source = ensure_db(n, m)
    env = {k: v for k, v in os.environ.items() if k not in ("KITH_DB", "KITH_AS_OF")}
    kith = [sys.executable, "-c", "from kithkin.cli.app import main; main()"]
    figures: list[Figure] = []
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "web.db"
        shutil.copy(source, db)  # the server writes its plan; keep the cached network clean
        port, ceiling_port = _port(), _port()
        base = f"http://127.0.0.1:{port}"
        server = subprocess.Popen(
            [*kith, "--db", str(db), "--as-of", ANCHOR.isoformat(), "serve", "--port", str(port)],
            env={**env, "KITH_HOME": tmp},
            stdout=subprocess.DEVNULL,
        )
        ceiling = None
        try:
            _wait(base + "/contacts?q=zzzz", server)
            data, first = _get(base + "/api/agenda")  # computes and caches today's agenda
            _, again = _get(base + "/api/agenda")
            html, _ = _get(base + "/today")
            (Path(tmp) / "page.html").write_bytes(html)
            (Path(tmp) / "agenda.json").write_bytes(data)
            script = Path(tmp) / "ceiling.py"
            script.write_text(CEILING)
            ceiling = subprocess.Popen(
                [
                    sys.executable,
                    str(script),
                    str(ceiling_port),
                    str(Path(tmp) / "page.html"),
                    str(Path(tmp) / "agenda.json"),
                ],
                stdout=subprocess.DEVNULL,
            )
            cbase = f"http://127.0.0.1:{ceiling_port}"
            _wait(cbase + "/api/agenda", ceiling)
            figures.append(
                Figure(
                    f"agenda computed on a cache miss ({n:,} contacts)",
                    first * 1000,
                    "ms",
                    None,
                    f"then served from the cache in {again * 1000:.1f} ms",
                    "(information)",
                    None,
                )
            )
            for label, path in (("Today page", "/today"), ("GET /api/agenda", "/api/agenda")):
                rps, p99 = load(base + path, seconds)
                c_rps, c_p99 = load(cbase + path, seconds)
                figures.append(
                    Figure(
                        f"{label}: requests/s",
                        rps,
                        "req/s",
                        c_rps,
                        f"bare Starlette returning the same bytes (p99 {c_p99:.1f} ms)",
                        "at least half the ceiling",
                        rps >= 0.5 * c_rps,
                    )
                )
                figures.append(
                    Figure(
                        f"{label}: p99 latency",
                        p99,
                        "ms",
                        c_p99,
                        "the same ceiling",
                        "under 100 ms",
                        p99 < 100,
                    )
                )
        finally:
            for proc in (server, ceiling):
                if proc is not None:
                    proc.terminate()
                    proc.wait(timeout=10)
    return figures
