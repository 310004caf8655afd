"""The ``kith`` command line: a thin face over :mod:`kithkin.core`."""
