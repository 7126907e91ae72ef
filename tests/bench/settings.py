"""Bench-only settings: the production settings, the plain-Django baseline view of `make bench` and the
`bench_data` command. Production never loads this module (tests/bench is not on its path)."""

from sinergia.settings import *  # noqa: F403
from sinergia.settings import INSTALLED_APPS

INSTALLED_APPS = [*INSTALLED_APPS, "tests.bench"]
ROOT_URLCONF = "tests.bench.urls"
