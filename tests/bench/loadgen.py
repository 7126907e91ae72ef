"""The load generator: a separate process with a thread pool and one keep-alive connection per thread.

Reads a JSON spec on stdin (see harness.load), sends every request once and prints a JSON summary:
elapsed seconds, throughput, latency percentiles in ms, status counts, errors, and with keep_bodies the
status and parsed body of each request in order.
"""

import http.client
import json
import sys
import threading
import time
from collections import Counter
from urllib.parse import urlsplit


def percentile(ordered: list[float], p: float) -> float:
    if not ordered:
        return float("nan")
    rank = max(1, min(len(ordered), int(round(p / 100 * len(ordered) + 0.5))))
    return ordered[rank - 1]


def run(spec: dict) -> dict:
    target = urlsplit(spec["url"])
    requests = spec["requests"]
    rate = spec.get("rate")
    base_headers = {"Content-Type": "application/json", **spec.get("headers", {})}
    keep = spec.get("keep_bodies", False)
    outcomes: list = [None] * len(requests)
    latencies: list = [None] * len(requests)
    next_index = iter(range(len(requests)))
    lock = threading.Lock()
    barrier = threading.Barrier(spec["concurrency"] + 1)
    started = [0.0]

    def worker():
        connection = http.client.HTTPConnection(target.hostname, target.port, timeout=60)
        barrier.wait()
        while True:
            with lock:
                index = next(next_index, None)
            if index is None:
                break
            request = requests[index]
            due = started[0] + index / rate if rate else None
            if due is not None:
                delay = due - time.perf_counter()
                if delay > 0:
                    time.sleep(delay)
            headers = dict(base_headers)
            if request.get("token"):
                headers["Authorization"] = f"Token {request['token']}"
            body = json.dumps(request["body"]) if "body" in request else None
            sent = time.perf_counter()
            for attempt in (1, 2):
                try:
                    connection.request(request.get("method", "GET"), request["path"], body=body, headers=headers)
                    response = connection.getresponse()
                    payload = response.read()
                    break
                except (http.client.HTTPException, OSError) as error:
                    # A keep-alive connection the server closed: reconnect once, then report.
                    connection.close()
                    connection = http.client.HTTPConnection(target.hostname, target.port, timeout=60)
                    if attempt == 2:
                        response, payload = None, repr(error).encode()
            finished = time.perf_counter()
            latencies[index] = (finished - (due if due is not None else sent)) * 1000
            status = response.status if response is not None else 0
            if keep:
                try:
                    parsed = json.loads(payload) if payload else None
                except ValueError:
                    parsed = payload[:500].decode(errors="replace")
                outcomes[index] = (status, parsed)
            else:
                outcomes[index] = (status, None)
        connection.close()

    threads = [threading.Thread(target=worker) for _ in range(spec["concurrency"])]
    for thread in threads:
        thread.start()
    barrier.wait()
    started[0] = time.perf_counter()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started[0]
    ordered = sorted(latencies)
    statuses = Counter(str(status) for status, _ in outcomes)
    summary = {
        "requests": len(requests),
        "concurrency": spec["concurrency"],
        "rate": rate,
        "elapsed_s": elapsed,
        "throughput_rps": len(requests) / elapsed if elapsed else 0,
        "p50_ms": percentile(ordered, 50),
        "p95_ms": percentile(ordered, 95),
        "p99_ms": percentile(ordered, 99),
        "max_ms": ordered[-1] if ordered else None,
        "statuses": dict(statuses),
    }
    if keep:
        summary["outcomes"] = outcomes
    return summary


if __name__ == "__main__":
    json.dump(run(json.load(sys.stdin)), sys.stdout)
