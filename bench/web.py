"""Web app under load: 50 concurrent clients for 30 s, on 10,000 documents, against a baseline.

    python bench/web.py [--documents 10000] [--actors 2000] [--clients 50] [--seconds 30] [--workers 1]
    python bench/web.py --documents 100000 --actors 20000 --db /tmp/factions-web-100k.db --reuse

The stores come from bench/synth.py (real migrations, power-law hubs). The server is the real
`factions serve`, in its own process on 127.0.0.1 (a free port); traffic goes to that address
only and stops after --seconds (a request still out then has --seconds more at most). Each
client loads, at random: an actor page as a browser does (the page, then its network JSON and
its vetting verdict fragment), a vetting page, the vetting API, a search page or a report page.
Half the actors are hubs, the pages analysts open most. Prints requests, errors (the exit code
is 1 when the current code has any), p50/p95 per kind, the server's peak memory (resident,
all its processes summed), and the CPU a request of the server and of the load generator.
The load generator is a lean asyncio HTTP/1.1 client (RawClient), so that on a small machine
the cores go to the server; --client httpx uses httpx (about 2 ms of CPU a page).

The baseline is the code before the speed work (--baseline-ref, a git commit of this
repository, checked out into a temporary folder), serving a store it builds itself from the
same seed, under the same load, in the same run; --no-baseline skips it.
"""
from __future__ import annotations

import argparse
import asyncio
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import quote

sys.path.insert(0, str(Path(__file__).parent))
from synth import HEADS, PLACES, WORDS  # noqa: E402  (bench/ is not a package)

REPO = Path(__file__).resolve().parents[1]
BASELINE_REF = "2f485c2"  # main when the speed work (issue 13, item 5) began
KINDS = (("actor", "actor pages"), ("network", "  + network"), ("verdict", "  + verdict"),
         ("vet", "vetting pages"), ("vet_api", "vetting API"), ("search", "search pages"),
         ("document", "report pages"))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def descendants(pid: int) -> list[int]:
    """The process and every process below it (uvicorn workers, their vetting processes), from /proc."""
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            parent = int(stat.read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            continue
        children.setdefault(parent, []).append(int(stat.parent.name))
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        todo.extend(children.get(p, []))
    return out


def rss_mb(pid: int) -> float:
    total = 0.0
    for p in descendants(pid):
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1]) / 1024
        except OSError:
            continue
    return total


def cpu_seconds(pid: int) -> float:
    """CPU time (user + system) of the server and every live process below it."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for p in descendants(pid):
        try:
            fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / tick
        except (OSError, IndexError, ValueError):
            continue
    return total


class MemoryWatch(threading.Thread):
    """Samples the server's resident memory twice a second; .peak is the most seen."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid, self.peak, self.running = pid, 0.0, True

    def run(self) -> None:
        while self.running:
            self.peak = max(self.peak, rss_mb(self.pid))
            time.sleep(0.5)


def start_server(db: Path, port: int, source: Path, workers: int) -> subprocess.Popen:
    env = {**os.environ, "PYTHONUNBUFFERED": "1", "PYTHONPATH": str(source)}
    command = [sys.executable, "-m", "factions", "serve", "--db", str(db), "--host", "127.0.0.1", "--port", str(port)]
    proc = subprocess.Popen(command + (["--workers", str(workers)] if workers > 1 else []),
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env, cwd=source)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"the server exited: {proc.stderr.read().decode() if proc.stderr else ''}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return proc
        except OSError:
            time.sleep(0.2)
    proc.terminate()
    raise SystemExit("the server did not start within 120 s")


class RawClient:
    """A lean HTTP/1.1 keep-alive client on asyncio streams, one connection, cookies kept.

    httpx spends about 2 ms of CPU on each 60 kB page it receives: on a 2-core machine that
    shares the cores with the server, the load generator would take as much CPU as the
    server and the figures would measure the client. This one reads the status line, the
    headers and a Content-Length (or chunked) body, and nothing else.
    """

    def __init__(self, host: str, port: int) -> None:
        self.host, self.port = host, port
        self.cookies: dict[str, str] = {}
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def get(self, path: str) -> tuple[int, bytes]:
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        assert self.reader is not None
        cookie = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        self.writer.write((f"GET {quote(path, safe='/?=&%')} HTTP/1.1\r\nHost: {self.host}:{self.port}\r\n"
                           + (f"Cookie: {cookie}\r\n" if cookie else "") + "\r\n").encode())
        try:
            head = await self.reader.readuntil(b"\r\n\r\n")
            lines = head.decode("latin-1").split("\r\n")
            status = int(lines[0].split()[1])
            headers = [line.split(":", 1) for line in lines[1:] if ":" in line]
            length, chunked = None, False
            for name, value in headers:
                name, value = name.strip().lower(), value.strip()
                if name == "content-length":
                    length = int(value)
                elif name == "transfer-encoding" and "chunked" in value.lower():
                    chunked = True
                elif name == "set-cookie":
                    key, _, rest = value.partition("=")
                    self.cookies[key] = rest.split(";", 1)[0]
            if chunked:
                parts = []
                while True:
                    size = int((await self.reader.readuntil(b"\r\n")).split(b";")[0], 16)
                    parts.append(await self.reader.readexactly(size + 2))
                    if size == 0:
                        break
                body = b"".join(part[:-2] for part in parts)
            else:
                body = await self.reader.readexactly(length or 0)
        except BaseException:
            self.close()  # a connection left mid-response cannot be reused
            raise
        return status, body

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
        self.reader = self.writer = None


async def load(base: str, clients: int, seconds: float, n_actors: int, n_docs: int,
               client_kind: str = "raw") -> dict[str, list]:
    import httpx

    rng = random.Random(9)
    results: dict[str, list] = {kind: [] for kind, _ in KINDS}
    results["errors"] = []
    deadline = time.monotonic() + seconds

    def actor() -> int:
        # Half the pages are hubs (the power law's head), half anyone.
        return min(int(rng.paretovariate(1.2)) - 1, n_actors - 1) if rng.random() < 0.5 else rng.randrange(n_actors)

    def next_requests() -> list[tuple[str, str]]:
        roll = rng.random()
        if roll < 0.4:
            i = actor()
            return [("actor", f"/actor/a{i}"), ("network", f"/api/actors/a{i}/network"),
                    ("verdict", f"/actor/a{i}/verdict")]
        if roll < 0.5:
            return [("vet", f"/actor/a{actor()}/vet?as_of={rng.randint(2013, 2021)}-06-30")]
        if roll < 0.6:
            return [("vet_api", f"/api/actors/a{actor()}/vet?as_of={rng.randint(2013, 2021)}-06-30")]
        if roll < 0.8:
            q = rng.choice([rng.choice(WORDS), rng.choice(HEADS), rng.choice(PLACES),
                            f"{rng.choice(HEADS)} {rng.choice(WORDS)}"])
            return [("search", f"/search?q={q}")]
        return [("document", f"/document/d{rng.randrange(n_docs)}")]

    async def client(get) -> None:  # type: ignore[no-untyped-def]
        while time.monotonic() < deadline:
            for kind, path in next_requests():
                t = time.perf_counter()
                try:
                    status, body = await asyncio.wait_for(get(path), timeout=seconds)
                    ok, what = status == 200 and len(body) > 0, status
                except (OSError, asyncio.TimeoutError, asyncio.IncompleteReadError, ValueError,
                        httpx.HTTPError) as exc:
                    ok, what = False, type(exc).__name__
                if ok:
                    results[kind].append((time.perf_counter() - t) * 1000)
                else:
                    results["errors"].append(f"{path}: {what!r}")

    if client_kind == "raw":
        host, port = base.removeprefix("http://").rsplit(":", 1)
        raw = [RawClient(host, int(port)) for _ in range(clients)]
        await asyncio.gather(*(client(r.get) for r in raw))
        for r in raw:
            r.close()
        return results
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(base_url=base, timeout=seconds, limits=limits) as c:
        async def get(path: str) -> tuple[int, bytes]:
            r = await c.get(path)
            return r.status_code, r.content
        await asyncio.gather(*(client(get) for _ in range(clients)))
    return results


def pct(values: list[float]) -> tuple[float, float]:
    if len(values) < 2:
        return (values[0], values[0]) if values else (float("nan"), float("nan"))
    q = statistics.quantiles(values, n=100)
    return q[49], q[94]


def measure(label: str, db: Path, source: Path, args: argparse.Namespace) -> dict[str, list]:
    port = free_port()
    server = start_server(db, port, source, args.workers)
    watch = MemoryWatch(server.pid)
    watch.start()
    try:
        t, cpu, own = time.perf_counter(), cpu_seconds(server.pid), time.process_time()
        results = asyncio.run(load(f"http://127.0.0.1:{port}", args.clients, args.seconds, args.actors,
                                   args.documents, args.client))
        wall, cpu, own = time.perf_counter() - t, cpu_seconds(server.pid) - cpu, time.process_time() - own
    finally:
        watch.running = False
        server.terminate()
        server.wait(timeout=60)
    done = sum(len(results[k]) for k, _ in KINDS)
    errors = results["errors"]
    print(f"{label}: {args.clients} clients for {args.seconds:.0f} s, {args.workers} server process(es): "
          f"{done + len(errors)} requests ({done / wall:.1f}/s), errors: {len(errors)}; "
          f"server peak memory {watch.peak:.0f} MB, server CPU {1000 * cpu / max(done, 1):.1f} ms a request, "
          f"load generator ({args.client}) CPU {1000 * own / max(done, 1):.1f} ms a request; "
          f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores", flush=True)
    results["peak_mb"] = [watch.peak]
    results["rate"] = [done / wall]
    results["cpu_ms"] = [1000 * cpu / max(done, 1)]
    return results


def report(new: dict[str, list], old: dict[str, list] | None) -> None:
    print(f"{'':<15} {'p50 ms':>8} {'p95 ms':>8}" + (f" {'baseline p50':>13} {'p95':>8} {'p95 ratio':>10}" if old else ""))
    for kind, label in KINDS:
        p50, p95 = pct(new[kind])
        line = f"{label:<15} {p50:>8.0f} {p95:>8.0f}"
        if old:
            b50, b95 = pct(old[kind])
            line += f" {b50:>13.0f} {b95:>8.0f} {b95 / p95 if p95 else float('nan'):>9.1f}x"
        print(f"{line}   ({len(new[kind])} requests{f', baseline {len(old[kind])}' if old else ''})")
    if old:
        print(f"throughput {new['rate'][0]:.1f}/s against {old['rate'][0]:.1f}/s; server CPU "
              f"{new['cpu_ms'][0]:.0f} ms a request against {old['cpu_ms'][0]:.0f} ms; "
              f"server peak memory {new['peak_mb'][0]:.0f} MB against {old['peak_mb'][0]:.0f} MB")


def checkout(ref: str, into: Path) -> Path:
    archive = subprocess.run(["git", "-C", str(REPO), "archive", ref], capture_output=True, check=True).stdout
    subprocess.run(["tar", "-x", "-C", str(into)], input=archive, check=True)
    return into


def build_with(source: Path, db: Path, args: argparse.Namespace) -> None:
    """The store, built by the given code's own migrations (the baseline cannot open a newer schema)."""
    env = {**os.environ, "PYTHONPATH": str(source)}
    out = subprocess.run([sys.executable, str(Path(__file__).parent / "synth.py"), "--documents", str(args.documents),
                          "--actors", str(args.actors), "--db", str(db)], env=env, capture_output=True, text=True)
    if out.returncode != 0:
        raise SystemExit(f"building {db} failed: {out.stderr.strip().splitlines()[-1:]}")
    print(out.stdout.strip(), flush=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--documents", type=int, default=10_000)
    ap.add_argument("--actors", type=int, default=2_000)
    ap.add_argument("--clients", type=int, default=50)
    ap.add_argument("--seconds", type=float, default=30.0)
    ap.add_argument("--workers", type=int, default=1, help="server processes (factions serve --workers)")
    ap.add_argument("--client", choices=("raw", "httpx"), default="raw",
                    help="load generator: a lean asyncio HTTP/1.1 client (default) or httpx (about 2 ms of CPU "
                         "a page, taken from the server's cores)")
    ap.add_argument("--db", default="/tmp/factions-web-bench.db")
    ap.add_argument("--reuse", action="store_true", help="reuse existing bench stores (this one and the baseline's)")
    ap.add_argument("--baseline-ref", default=BASELINE_REF)
    ap.add_argument("--no-baseline", action="store_true")
    args = ap.parse_args()

    db = Path(args.db)
    old_db = db.with_name(f"{db.stem}-baseline{db.suffix}")
    if not (args.reuse and db.exists()):
        build_with(REPO, db, args)
    with tempfile.TemporaryDirectory(prefix="factions-baseline-") as tmp:
        old = None
        if not args.no_baseline:
            source = checkout(args.baseline_ref, Path(tmp))
            if not (args.reuse and old_db.exists()):
                build_with(source, old_db, args)
            old = measure(f"baseline ({args.baseline_ref})", old_db, source, args)
        new = measure("current", db, REPO, args)
    report(new, old)
    for line in new["errors"][:10]:
        print(f"  error: {line}")
    sys.exit(1 if new["errors"] else 0)


if __name__ == "__main__":
    main()
