"""Pure adapters between outside formats and kithkin's plain records.

Each module turns bytes into :mod:`kithkin.core.exchange.incoming` dataclasses (or
records back into bytes) and touches no database, so it is tested on its own
against real export files.
"""
