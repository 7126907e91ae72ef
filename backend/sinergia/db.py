"""Database helpers shared by the apps."""

from collections.abc import Iterable

from django.db import connection


def copy_rows(table: str, columns: list[str], rows: Iterable[tuple]) -> int:
    """Load rows with PostgreSQL's COPY, many times faster than INSERT; returns how many."""
    count = 0
    quoted = ", ".join(f'"{column}"' for column in columns)
    with connection.cursor() as cursor, cursor.cursor.copy(f"COPY {table} ({quoted}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)
            count += 1
    return count


def insert_rows(model, columns: list[str], rows: list[tuple]) -> None:
    """Insert rows (tuples in the order of `columns`, attribute names) by COPY on PostgreSQL, else in batches."""
    if connection.vendor == "postgresql":
        copy_rows(model._meta.db_table, [model._meta.get_field(name).column for name in columns], rows)
    else:
        model.objects.bulk_create([model(**dict(zip(columns, row, strict=True))) for row in rows], batch_size=2000)
