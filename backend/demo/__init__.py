"""Demo data for `make run` (`manage.py demo`): a tool for trying Sinergia, not part of the product's rules."""
