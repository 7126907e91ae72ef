"""Bench-only settings: the production settings plus the plain-Django baseline view of `make bench`."""

from .settings import *  # noqa: F403

ROOT_URLCONF = "sinergia.urls_bench"
