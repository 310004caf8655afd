"""Benchmarks: each figure is printed with its baseline and the ratio to it.

Run all with ``make bench`` (``python -m bench``), one with ``python -m bench agenda``.
Benchmarks are not tests and never run in ``make test``.
"""
