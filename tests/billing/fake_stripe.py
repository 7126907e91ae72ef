"""A local fake of the few Stripe endpoints billing uses, honouring Idempotency-Key like Stripe does.

`script[path]` lists what the next requests to `path` meet, in order: "slow" (the work is done, the answer
comes after `delay`, too late for the client) or an HTTP status (an error answered before any work, as from
a failing front end: nothing is stored under the idempotency key)."""

import itertools
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl


class FakeStripe:
    def __init__(self):
        self.requests: list[tuple[str, str | None]] = []  # (path, idempotency key) of every request received
        self.objects: dict[str, dict] = {}
        self.responses_by_key: dict[str, dict] = {}
        self.slow_once: set[str] = set()  # paths whose first response arrives too late (after the work is done)
        self.script: dict[str, list[str | int]] = {}
        self.delay = 0.0
        self._ids = itertools.count(1)
        self._lock = threading.Lock()
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", 0))).decode()
                key = self.headers.get("Idempotency-Key")
                answer, slow, status = fake.handle(self.path, key, dict(parse_qsl(body)))
                if slow:
                    time.sleep(fake.delay)
                try:
                    data = json.dumps(answer).encode()
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):
                    pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self):
        self.server.shutdown()
        self.server.server_close()

    def count(self, kind: str) -> int:
        return sum(1 for o in self.objects.values() if o["object"] == kind)

    def handle(self, path: str, key: str | None, params: dict) -> tuple[dict, bool, int]:
        with self._lock:
            self.requests.append((path, key))
            step = self.script[path].pop(0) if self.script.get(path) else None
            if isinstance(step, int):
                return {"error": {"type": "api_error", "message": f"Fake Stripe answered {step}."}}, False, step
            if key and key in self.responses_by_key:
                return self.responses_by_key[key], False, 200
            slow = path in self.slow_once or step == "slow"
            self.slow_once.discard(path)
            if path == "/v1/customers":
                answer = self._new("cus", "customer", name=params.get("name"))
            elif path == "/v1/invoices":
                answer = self._new(
                    "in", "invoice", customer=params["customer"], currency=params["currency"], status="draft"
                )
            elif path == "/v1/invoiceitems":
                answer = self._new("ii", "invoiceitem", invoice=params["invoice"], amount=int(params["amount"]))
            elif path.startswith("/v1/invoices/") and path.endswith("/finalize"):
                answer = self.objects[path.split("/")[3]]
                answer["status"] = "open"
            else:
                answer = {"error": {"message": "unknown path"}}
            if key:
                self.responses_by_key[key] = answer
            return answer, slow, 200

    def _new(self, prefix: str, kind: str, **fields) -> dict:
        object_id = f"{prefix}_{next(self._ids)}"
        self.objects[object_id] = {"id": object_id, "object": kind, **fields}
        return self.objects[object_id]
