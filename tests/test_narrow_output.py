"""Pipes and narrow terminals: one line per row or person, no word or email broken."""

from __future__ import annotations

import io

import pytest
from tests.conftest import Kith

from kithkin.cli.common import KithConsole

EMAIL = "ann.lee.with.a.rather.long.address@example-company.example"


@pytest.fixture
def terminal(monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """Make the CLI print to a terminal of a given width; returns what it printed."""
    out = io.StringIO()

    def at(width: int) -> io.StringIO:
        fake = KithConsole(file=out, width=width, force_terminal=True, color_system=None)
        for module in ("common", "agenda", "tables", "guide", "contacts"):
            monkeypatch.setattr(f"kithkin.cli.{module}.console", fake, raising=False)
        out.seek(0)
        out.truncate()
        return out

    return at


def test_today_in_80_columns_is_one_line_per_person(kith: Kith, terminal) -> None:  # type: ignore[no-untyped-def]
    kith.ok("demo", "--force")
    items = kith.ok("today", "--json").json()
    assert items, "the demo has people due today"
    out = terminal(80)
    kith.ok("today")
    lines = out.getvalue().splitlines()
    assert len(lines) == 1 + len(items)
    assert all(len(ln) <= 80 for ln in lines), lines
    for it, line in zip(items, lines[1:], strict=True):
        assert f"#{it['contact_id']}" in line and it["rule"] in line and it["channel"] in line
        assert it["why"] not in line
    out = terminal(80)
    kith.ok("today", "-v")
    text = out.getvalue()
    assert all(len(ln) <= 80 for ln in text.splitlines())
    for it in items:  # the explanation below, wrapped between words only
        assert " ".join(text.split()).count(it["why"]) == 1
    out = terminal(40)
    kith.ok("today")
    assert all(len(ln) <= 40 for ln in out.getvalue().splitlines())
    assert kith.ok("today", "--json").json() == items  # --json as it was


def test_a_pipe_gets_one_line_per_row_and_whole_emails(kith: Kith) -> None:
    kith.ok("add", "Ann Lee", "--email", EMAIL, "--org", "Example Company International")
    kith.ok("add", "Bo Chan")
    lines = kith.ok("list").stdout.splitlines()
    assert lines[0] == "2 contacts"
    assert lines[1].split("\t") == ["id", "name", "org", "title", "tier", "email"]
    assert len(lines) == 4
    assert lines[2].split("\t")[-1] == EMAIL and "Example Company International" in lines[2]


@pytest.mark.parametrize("width", [40, 60, 200])
def test_a_narrow_terminal_never_breaks_an_email(kith: Kith, terminal, width: int) -> None:  # type: ignore[no-untyped-def]
    kith.ok("add", "Ann Lee", "--email", EMAIL, "--org", "Example Company International")
    out = terminal(width)
    kith.ok("list")
    text = out.getvalue()
    assert EMAIL in text  # whole, on one line
    assert "Example Company International" in text


def test_a_pipe_never_wraps_a_long_line(kith: Kith) -> None:
    """Piped output is one line per line printed: a command shown in it stays whole."""
    url = "https://cloud.example.com/remote.php/dav/calendars/alice/"
    run = kith.ok(
        "source",
        "add",
        "caldav",
        url,
        "--user",
        "alice",
        "--name",
        "nextcloud",
        "--me",
        "alice@example.com",
    )
    lines = run.stdout.splitlines()
    assert len(lines) == 3, lines
    assert "`kith source password nextcloud`" in lines[1]
    kith.ok(
        "add",
        "Ann Lee",
        "--email",
        EMAIL,
        "--org",
        "Example Company International",
        "--title",
        "Principal Engineer for Very Long Job Titles and Other Things",
    )
    shown = kith.ok("show", "ann").stdout
    assert "Principal Engineer for Very Long Job Titles and Other Things at Example" in shown


@pytest.mark.parametrize("width", [40, 60])
def test_a_narrow_terminal_wraps_between_words_and_keeps_an_email_whole(  # type: ignore[no-untyped-def]
    kith: Kith, terminal, width: int
) -> None:
    """A line longer than the terminal is wrapped between words; a word longer than
    the line (an email) is left whole on a line of its own, never cut in two."""
    kith.ok("add", "Ann Lee", "--email", EMAIL, "--org", "Example Company International",
            "--title", "Principal Engineer")  # fmt: skip
    kith.ok("log", "ann", "--channel", "email", "--date", "2026-05-01", "--note",
            "a rather long note about the conference in Berlin and other things")  # fmt: skip
    out = terminal(width)
    kith.ok("show", "ann")
    lines = out.getvalue().splitlines()
    assert any(EMAIL in ln for ln in lines), lines
    assert all(len(ln) <= width for ln in lines if EMAIL not in ln), lines
    words = " ".join(out.getvalue().split())
    assert "a rather long note about the conference in Berlin and other things" in words
    assert "Principal Engineer at Example Company International" in words


def test_a_pipe_gets_each_explanation_whole_on_one_line(kith: Kith) -> None:
    """`kith today -v | grep ...` sees every reason whole: nothing cut at 80 columns."""
    kith.ok("add", "Raj Patel", "--tier", "close")
    kith.ok("job", "add", "raj", "--org", "Initech Systems International", "--title", "Engineer",
            "--start", "2021-06-02", as_of="2026-06-01")  # fmt: skip
    items = kith.ok("today", "--json", as_of="2026-06-03").json()
    assert items and len(items[0]["why"]) > 76
    lines = kith.ok("today", "-v", as_of="2026-06-03").stdout.splitlines()
    assert f"    {items[0]['why']}" in lines, lines


def test_a_narrow_terminal_indents_the_explanation_it_wraps(kith: Kith, terminal) -> None:  # type: ignore[no-untyped-def]
    kith.ok("add", "Raj Patel", "--tier", "close")
    kith.ok("job", "add", "raj", "--org", "Initech Systems International", "--title", "Engineer",
            "--start", "2021-06-02", as_of="2026-06-01")  # fmt: skip
    why = kith.ok("today", "--json", as_of="2026-06-03").json()[0]["why"]
    out = terminal(50)
    kith.ok("today", "-v", as_of="2026-06-03")
    below = out.getvalue().splitlines()[2:]
    assert len(below) > 1 and all(ln.startswith("    ") and len(ln) <= 50 for ln in below)
    assert " ".join(" ".join(below).split()) == why


def test_a_pipe_gets_no_trailing_blanks_from_show(kith: Kith) -> None:
    kith.ok("add", "Sam Ortiz")
    kith.ok("log", "sam", "--channel", "call", "--date", "2026-05-01", as_of="2026-06-01")
    lines = kith.ok("show", "sam", as_of="2026-06-01").stdout.splitlines()
    assert [ln for ln in lines if ln != ln.rstrip()] == []
