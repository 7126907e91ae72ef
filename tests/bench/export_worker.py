"""One export measured in a process of its own: `python -m tests.bench.export_worker csv|csv-sum|xlsx START END`.

Streams the cost-share export for [START, END) through the generators the API uses (billing/exports.py; the
standard CSV dialect, in English)
and prints JSON: rows, bytes, seconds, the output's sha256, (csv-sum: parsing it back) the gross of the
billed rows per currency,
and the resident memory before streaming and at its peak (VmHWM), in kB. Environment as the runner's.
"""

import csv
import hashlib
import io
import json
import sys
import time
from collections import defaultdict
from datetime import datetime
from decimal import Decimal


def memory_kb(field: str) -> int:
    with open("/proc/self/status") as status:
        return next(int(line.split()[1]) for line in status if line.startswith(field + ":"))


def reset_peak() -> None:
    # Writing 5 to clear_refs resets VmHWM to the current RSS (Linux), so the peak is this export's own.
    with open("/proc/self/clear_refs", "w") as refs:
        refs.write("5")


def main(kind: str, start: str, end: str) -> dict:
    import django

    django.setup()
    from billing import exports
    from sinergia.spreadsheets import STANDARD

    window = {"start": datetime.fromisoformat(start), "end": datetime.fromisoformat(end)}
    next(iter(exports.share_rows(**window)), None)  # imports, connection, first query planned
    reset_peak()
    before = memory_kb("VmRSS")
    digest, size, rows = hashlib.sha256(), 0, 0
    gross: dict[str, Decimal] = defaultdict(Decimal)
    began = time.perf_counter()
    if kind in ("csv", "csv-sum"):
        header = None
        for chunk in exports.csv_chunks(exports.share_rows(**window), dialect=STANDARD, language="en"):
            data = chunk.encode()
            digest.update(data)
            size += len(data)
            rows += 1
            if kind == "csv":
                continue
            for record in csv.reader(io.StringIO(chunk)):
                if header is None:
                    header = record
                    continue
                fields = dict(zip(header, record, strict=True))
                if fields["Statement"]:  # billed rows carry their statement number
                    gross[fields["Currency"]] += Decimal(fields["Gross"])
    else:
        data = exports.xlsx_bytes(exports.share_rows(**window), language="en")
        digest.update(data)
        size = len(data)
    seconds = time.perf_counter() - began
    return {
        "rows": max(rows - 1, 0),  # CSV chunks: the header, then one per row
        "bytes": size,
        "seconds": seconds,
        "sha256": digest.hexdigest(),
        "gross": {currency: str(total) for currency, total in gross.items()},
        "rss_before_kb": before,
        "rss_peak_kb": memory_kb("VmHWM"),
    }  # fmt: skip


if __name__ == "__main__":
    json.dump(main(*sys.argv[1:4]), sys.stdout)
