"""The demo network (``kith demo``): a sample, not part of the domain.

It builds its people only through the core's public functions, so it doubles as
a check that those functions can tell a realistic two-year story.
"""
