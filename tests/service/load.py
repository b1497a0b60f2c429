#!/usr/bin/env python3
"""Load test of `rubric serve` on 127.0.0.1 only: requests per second and p50/p99 latency of
scoring one row and a batch of 1,000 rows at 1, 16 and 64 connections, with every response
checked (status 200 and the exact body, itself checked against totals computed here from
the rules of examples/guide/06_grades.rubric).

  load.py [--seconds S] [--connections 1,16,64] [--sizes 1,1000] [--threads N]
          [--client wrk|python]

Bounded: each measurement runs S seconds (default 1). Uses Debian's wrk when installed
(load_check.lua checks the bodies), else a small threaded client of its own. Prints one
line per measurement and exits 1 when any response was wrong or any request failed.
"""
import argparse
import http.client
import json
import os
import pathlib
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time

sys.path.insert(0, str(pathlib.Path(__file__).parent))
from serve_support import Server, row  # noqa: E402


def expected_total(values):
    """06_grades.rubric by hand: T1_1 2 x mean of two bools, T3_2 2 x threshold(x, 100),
    T6_1 3 x ratio(x, 500), T7_1 3 x ratio(x, 1000)."""
    t1 = 2 * (values["p1_1_1"] + values["p1_1_2"]) / 2
    t3 = 2 * (values["p3_2_1"] >= 100)
    t6 = 3 * min(1, max(0, values["p6_1_2"] / 500))
    t7 = 3 * min(1, max(0, values["p7_1_2"] / 1000))
    return t1 + t3 + t6 + t7


def batch(size):
    rows = []
    for k in range(size):
        rows.append(row("E%04d" % k, 2024, p1_1_1=k % 2 == 0, p1_1_2=k % 3 == 0,
                        p3_2_1=k % 200, p6_1_2=k % 600, p7_1_2=(7 * k) % 1200, n16_1=False))
    return {"standard": "grades_demo", "rows": rows}


def reference(server, body):
    """The server's answer to `body`, checked against expected_total for every row."""
    status, _, text = server.request("POST", "/v1/score", body)
    if status != 200:
        raise SystemExit("reference request failed: %d %s" % (status, text[:200]))
    answer = json.loads(text)
    for sent, got in zip(body["rows"], answer["rows"]):
        want = expected_total(sent["values"])
        if abs(got["total"] - want) > 1e-9 or got["entity"] != sent["entity"]:
            raise SystemExit("wrong total for %s: %s, expected %s" % (sent["entity"],
                                                                     got["total"], want))
    if len(answer["rows"]) != len(body["rows"]):
        raise SystemExit("wrong number of rows")
    return text


def run_wrk(port, connections, seconds, body_path, expected_path):
    env = dict(os.environ, RUBRIC_LOAD_BODY=body_path, RUBRIC_LOAD_EXPECTED=expected_path)
    script = pathlib.Path(__file__).with_name("load_check.lua")
    threads = min(connections, 2)
    result = subprocess.run(["wrk", "-t", str(threads), "-c", str(connections), "-d",
                             "%gs" % seconds, "--timeout", "10s", "-s", str(script),
                             "http://127.0.0.1:%d/v1/score" % port],
                            env=env, capture_output=True, text=True, timeout=seconds + 60)
    for line in result.stdout.splitlines():
        if line.startswith("RESULT "):
            fields = dict(item.split("=") for item in line.split()[1:])
            return {"requests": int(fields["requests"]), "seconds": float(fields["seconds"]),
                    "p50_ms": float(fields["p50_us"]) / 1000,
                    "p99_ms": float(fields["p99_us"]) / 1000,
                    "checked": int(fields["checked"]), "bad": int(fields["bad"]),
                    "errors": int(fields["errors"])}
    raise SystemExit("wrk failed:\n" + result.stdout + result.stderr)


def run_python(port, connections, seconds, body_bytes, expected):
    latencies, counts = [], {"checked": 0, "bad": 0, "errors": 0}
    lock = threading.Lock()
    stop_at = time.monotonic() + seconds

    def worker():
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        mine = []
        checked = bad = errors = 0
        while time.monotonic() < stop_at:
            start = time.perf_counter()
            try:
                connection.request("POST", "/v1/score", body=body_bytes,
                                   headers={"Content-Type": "application/json"})
                response = connection.getresponse()
                text = response.read().decode()
            except (OSError, http.client.HTTPException):
                errors += 1
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
                continue
            mine.append(time.perf_counter() - start)
            checked += 1
            bad += response.status != 200 or text != expected
        connection.close()
        with lock:
            latencies.extend(mine)
            counts["checked"] += checked
            counts["bad"] += bad
            counts["errors"] += errors

    start = time.monotonic()
    threads = [threading.Thread(target=worker) for _ in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - start
    latencies.sort()
    quantile = statistics.quantiles(latencies, n=100) if len(latencies) > 1 else latencies * 99
    return {"requests": len(latencies), "seconds": elapsed, "p50_ms": quantile[49] * 1000,
            "p99_ms": quantile[98] * 1000, **counts}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=1)
    parser.add_argument("--connections", default="1,16,64")
    parser.add_argument("--sizes", default="1,1000", help="rows per request")
    parser.add_argument("--threads", type=int, help="the server's --threads")
    parser.add_argument("--client", choices=("wrk", "python"),
                        default="wrk" if shutil.which("wrk") else "python")
    args = parser.parse_args()
    failed = False
    extra = ["--threads", str(args.threads)] if args.threads else []
    with Server(extra=extra) as server, tempfile.TemporaryDirectory() as folder:
        for size in map(int, args.sizes.split(",")):
            label = "1 row" if size == 1 else "%d rows" % size
            body = batch(size)
            expected = reference(server, body)
            body_path = os.path.join(folder, "body.json")
            expected_path = os.path.join(folder, "expected.json")
            body_bytes = json.dumps(body, ensure_ascii=False).encode()
            pathlib.Path(body_path).write_bytes(body_bytes)
            pathlib.Path(expected_path).write_text(expected)
            for connections in map(int, args.connections.split(",")):
                # A slow build (the sanitizers) may finish no request of a large batch in a
                # short run: the run is repeated, twice as long each time, up to 16x.
                seconds = args.seconds
                while True:
                    if args.client == "wrk":
                        result = run_wrk(server.port, connections, seconds, body_path,
                                         expected_path)
                    else:
                        result = run_python(server.port, connections, seconds, body_bytes,
                                            expected)
                    if result["checked"] > 0 or seconds >= 16 * args.seconds:
                        break
                    seconds *= 2
                rate = result["requests"] / result["seconds"] if result["seconds"] else 0
                print("%-9s %2d connections: %8.0f req/s  p50 %7.2f ms  p99 %7.2f ms  "
                      "%d responses checked, %d wrong, %d failed (%s)" % (
                          label, connections, rate, result["p50_ms"], result["p99_ms"],
                          result["checked"], result["bad"], result["errors"], args.client),
                      flush=True)
                if result["bad"] or result["errors"] or result["checked"] == 0:
                    failed = True
        if not server.alive():
            failed = True
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
