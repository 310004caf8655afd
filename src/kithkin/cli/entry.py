"""The ``kith`` console script: the kept answers first, then the whole application.

Only the standard library is loaded before :mod:`kithkin.cli.quick` (an unchanged
``kith today``, a search, a log, ...) or :mod:`kithkin.cli.quickcomplete` (a TAB
completion, ``kith --help``) has had its say, so each costs little more than Python's
own start.
"""

from __future__ import annotations

import os
import sys


def main() -> None:
    from kithkin.cli.pipes import guard_stdout

    guard_stdout()  # `kith list | head -1`: the rest goes nowhere, the command goes on
    from kithkin.cli.commandindex import hoisted

    sys.argv[1:] = hoisted(sys.argv[1:])  # `kith today --as-of DAY`, as `kith --as-of DAY today`
    if os.environ.get("_KITH_COMPLETE"):
        from kithkin.cli import quickcomplete

        quickcomplete.run(os.environ)  # exits when it answered
    else:
        from kithkin.cli import quickcomplete

        try:
            text = quickcomplete.help_text(sys.argv[1:], os.environ)  # kept `kith --help`
            if text is not None:
                sys.stdout.write(text + "\n")
                done = True
            else:
                from kithkin.cli import quick

                done = quick.answer(sys.argv[1:])
            if done:
                sys.stdout.flush()
        except BrokenPipeError:  # `kith today | head -1`: the reader has what it wanted
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            sys.exit(0)
        if done:
            sys.exit(0)
    from kithkin.cli.app import main as run

    run()
