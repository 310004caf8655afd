"""The first-day guide the daily commands print while nobody is on record."""

from __future__ import annotations

from typing import TYPE_CHECKING

from kithkin.cli.common import console

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

STEPS = {
    "import": (
        "Import your LinkedIn data export (on LinkedIn: Settings, Data privacy)",
        "kith import linkedin ~/Downloads/Basic_LinkedInDataExport.zip",
        "(also vCard, Google, Outlook, mail, calendars: kith import --help)",
    ),
    "positions": (
        "Add your own jobs, past and present, so that colleagues are found",
        'kith job add me --org "Acme Inc." --start 2021-03-01 --end 2024-06-30',
        "",
    ),
    "close": (
        "Mark the people closest to you: the agenda brings them back most often",
        "kith triage",
        "(or one at a time: kith edit NAME --tier close)",
    ),
}


def guide_if_empty(s: Session) -> bool:
    """Print the first steps if nobody but you is on record; say whether it did."""
    from kithkin.core.book.firststeps import first_steps

    start = first_steps(s)
    if not start.empty:
        return False
    console.print("Nobody is on record yet. Start here:")
    for n, step in enumerate(start.steps, 1):
        what, command, more = STEPS[step.key]
        mark = "[done] " if step.done else ""
        console.print(f"{n:>2}. {mark}{what}:", markup=False)
        console.print(f"      {command}", soft_wrap=True, markup=False)
        if more:
            console.print(f"      {more}", markup=False)
    console.print("Or look around a sample network first: kith demo")
    return True


def hint_if_nobody_kept(s: Session, nobody_due: str) -> bool:
    """``nobody_due`` ("Nobody is due on ...") and how to choose whom to keep in touch
    with, when nobody has a cadence yet; whether it printed."""
    from kithkin.core.book.firststeps import anyone_kept_in_touch

    if anyone_kept_in_touch(s):
        return False
    what, command, more = STEPS["close"]
    console.print(f"{nobody_due}: nobody is kept in touch with on a cadence yet.", markup=False)
    console.print(f"{what}:", markup=False)
    console.print(f"  {command}", soft_wrap=True, markup=False)
    console.print(f"  {more}", markup=False)
    return True
