from datetime import date

from django.core.management.base import BaseCommand, CommandError

from tests.bench import benchdata


class Command(BaseCommand):
    help = (
        "Load the benchmark dataset into this (PostgreSQL) database, emptying its domain tables first: "
        "assets × days × per-day reservations with charges and cost shares, deterministic for a seed."
    )

    def add_arguments(self, parser):
        parser.add_argument("--assets", type=int, default=1000)
        parser.add_argument("--days", type=int, default=365)
        parser.add_argument("--per-day", type=int, default=4, help="reservations per asset and open day (1–16)")
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--start", type=date.fromisoformat, default=benchdata.DEFAULT_START)
        parser.add_argument("--force", action="store_true", help="also empty a database bench_data did not fill")

    def handle(self, *args, assets, days, per_day, seed, start, force, **options):
        if not (assets >= 1 and days >= 1 and 1 <= per_day <= 16):
            raise CommandError("--assets and --days must be at least 1, --per-day between 1 and 16.")
        try:
            summary = benchdata.build(assets=assets, days=days, per_day=per_day, seed=seed, start=start, force=force)
        except benchdata.DatasetError as error:
            raise CommandError(str(error)) from error
        for name, value in summary.items():
            self.stdout.write(f"{name}: {value:,}" if isinstance(value, int) else f"{name}: {value}")
