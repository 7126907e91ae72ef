"""Exit 0 when the PostgreSQL server of the URL given answers, 1 otherwise."""

import sys

import psycopg

try:
    psycopg.connect(sys.argv[1], connect_timeout=3).close()
except psycopg.Error as error:
    print(f"PostgreSQL check: {error}".strip(), file=sys.stderr)
    sys.exit(1)
