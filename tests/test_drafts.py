"""R4-R6: drafts use what is known, and name nothing that is not in the data."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from tests.conftest import Kith, dump

from kithkin.core.career.drafts import BUILTIN, OCCASIONS

TODAY = "2026-01-15"

# Everything specific this network holds; a draft may name these and nothing else.
STORED_TEXT = """Robin Quill Marisol Okonkwo-Brandt Zentrix Labs Quorvex Principal Architect
falconry in Tromsø kubernetes zig promoted to Chief Architect Stack Summit Oslo
Staff Platform Engineer Vantablack https://vantablack.example/jobs/7 Head of Infrastructure
2024-12-31 2025-06-30 2025-11-01 2026-01-10 2026-01-13"""
STORED = set(STORED_TEXT.split())


@pytest.fixture
def net(kith: Kith) -> Kith:
    kith.ok(
        "job",
        "add",
        "me",
        "--org",
        "Zentrix Labs",
        "--start",
        "2020-01-01",
        "--end",
        "2025-06-30",
        as_of=TODAY,
    )
    kith.ok("edit", "me", "--name", "Robin Quill", as_of=TODAY)
    kith.ok("add", "Marisol Okonkwo-Brandt", "--tier", "close", as_of=TODAY)
    kith.ok(
        "job",
        "add",
        "Marisol",
        "--org",
        "Zentrix Labs",
        "--start",
        "2019-01-01",
        "--end",
        "2024-12-31",
        as_of=TODAY,
    )
    kith.ok(
        "job",
        "add",
        "Marisol",
        "--org",
        "Quorvex",
        "--title",
        "Principal Architect",
        "--start",
        "2025-01-01",
        as_of=TODAY,
    )
    kith.ok("detail", "Marisol", "hobby", "falconry in Tromsø", as_of=TODAY)
    kith.ok(
        "log",
        "Marisol",
        "--channel",
        "call",
        "--date",
        "2025-11-01",
        "--topic",
        "kubernetes",
        "--topic",
        "zig",
        as_of=TODAY,
    )
    kith.ok(
        "occasion",
        "add",
        "Marisol",
        "--kind",
        "promotion",
        "--date",
        "2026-01-10",
        "--note",
        "promoted to Chief Architect",
        as_of=TODAY,
    )
    kith.ok("event", "add", "Stack Summit", "--date", "2026-01-13", "--place", "Oslo", as_of=TODAY)
    kith.ok(
        "lead",
        "add",
        "Staff Platform Engineer",
        "--org",
        "Vantablack",
        "--url",
        "https://vantablack.example/jobs/7",
        as_of=TODAY,
    )
    return kith


def _template_words() -> set[str]:
    """Capitalised words written in the templates themselves (outside any expression)."""
    words: set[str] = set()
    for path in BUILTIN.glob("*.j2"):
        literal = re.sub(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", " ", path.read_text(), flags=re.S)
        words |= set(re.findall(r"\b[A-Z][\w'’-]*", literal))
    return words


def _specific(text: str) -> set[str]:
    """Proper nouns, numbers, dates and addresses in a text."""
    found = set(re.findall(r"\b[A-Z][\w'’-]*", text))
    found |= set(re.findall(r"\b\d{4}-\d{2}-\d{2}\b|https?://\S+[^.\s)]", text))
    return found


def test_template_text_names_nobody() -> None:
    assert not _template_words() & STORED


@pytest.mark.parametrize("occasion", OCCASIONS)
def test_every_specific_word_comes_from_the_data(net: Kith, occasion: str) -> None:
    out = net.ok(
        "draft",
        "Marisol",
        "--occasion",
        occasion,
        "--for",
        "Head of Infrastructure",
        "--json",
        as_of=TODAY,
    ).json()
    assert out["occasion"] == occasion
    allowed = _template_words() | STORED | {"Robin", "Marisol"}
    unknown = {w for w in _specific(out["text"]) if w not in allowed}
    assert unknown == set(), f"{occasion} draft names {unknown}:\n{out['text']}"
    assert out["text"].startswith("Hi Marisol,")
    assert out["text"].rstrip().endswith("Robin")
    assert out["facts"]["first_name"] == "Marisol"


def test_drafts_use_the_facts_they_report(net: Kith) -> None:
    out = net.ok("draft", "Marisol", "--occasion", "checkin", "--json", as_of=TODAY).json()
    text, facts = out["text"], out["facts"]
    assert "falconry in Tromsø" in text
    assert facts["detail"] == {"category": "hobby", "fact": "falconry in Tromsø"}
    assert "kubernetes and zig" in text and facts["last_topics"] == ["kubernetes", "zig"]
    assert "Quorvex" in text and facts["their_org"] == "Quorvex"
    assert "Stack Summit" not in text  # she was not met there
    congrats = net.ok(
        "draft", "Marisol", "--occasion", "congratulate", "--json", as_of=TODAY
    ).json()
    assert "promotion (promoted to Chief Architect)" in congrats["text"]
    assert "Zentrix Labs" in congrats["text"]
    lead = net.ok("draft", "Marisol", "--occasion", "share_lead", "--json", as_of=TODAY).json()
    assert (
        "Staff Platform Engineer at Vantablack (https://vantablack.example/jobs/7)" in lead["text"]
    )


def test_professional_only_keeps_personal_details_out(net: Kith) -> None:
    net.ok("edit", "Marisol", "--professional-only", as_of=TODAY)
    for occasion in OCCASIONS:
        out = net.ok("draft", "Marisol", "--occasion", occasion, "--json", as_of=TODAY).json()
        assert "falconry" not in out["text"].lower()
        assert "detail" not in out["facts"]


def test_an_ask_when_the_balance_leans_to_asks_says_so_first(net: Kith) -> None:
    plain = net.ok("draft", "Marisol", "--occasion", "ask_reference", "--json", as_of=TODAY).json()
    assert "asked a lot of you" not in plain["text"] and plain["warnings"] == []
    for day in ("2025-12-01", "2025-12-20"):
        net.ok("log", "Marisol", "--kind", "favor_ask", "--date", day, as_of=TODAY)
    for occasion in ("ask_reference", "ask_referral", "rehire"):
        run = net.ok("draft", "Marisol", "--occasion", occasion, "--json", as_of=TODAY)
        out = run.json()
        paragraphs = out["text"].split("\n\n")
        assert paragraphs[0] == "Hi Marisol,"
        assert paragraphs[1].startswith("I know I've asked a lot of you lately")
        assert "leans to asks" in run.stderr
    # A non-ask occasion offers help instead (give first).
    checkin = net.ok("draft", "Marisol", "--occasion", "checkin", as_of=TODAY).stdout
    assert "anything I can do for you" in checkin


def test_a_long_gap_is_acknowledged_honestly(net: Kith) -> None:
    fresh = net.ok("draft", "Marisol", "--occasion", "reconnect", as_of="2025-11-20").stdout
    assert "far too long" not in fresh
    # Close tier (30 days): more than 60 days after the last call she is dormant.
    late = net.ok(
        "draft", "Marisol", "--occasion", "reconnect", "--json", as_of="2026-03-01"
    ).json()
    assert "It's been about 4 months since we last spoke, which is far too long" in late["text"]
    assert late["facts"]["dormant"] is True


def test_default_occasion_follows_the_agenda(net: Kith) -> None:
    # The promotion on 2026-01-10 puts her on the agenda to be congratulated.
    out = net.ok("draft", "Marisol", "--json", as_of=TODAY).json()
    assert out["occasion"] == "congratulate"
    net.ok("add", "Ned New", as_of=TODAY)
    net.ok("event", "met", "Stack Summit", "Ned New", as_of=TODAY)
    ned = net.ok("draft", "Ned", "--json", as_of=TODAY).json()
    assert ned["occasion"] == "checkin"
    assert "It was great to meet you at Stack Summit." in ned["text"]


def test_templates_can_be_overridden_in_the_config_directory(net: Kith, tmp_path: Path) -> None:
    folder = tmp_path / "home" / "config" / "templates"
    folder.mkdir(parents=True)
    (folder / "thanks.j2").write_text("Merci {{ f.first_name }}!\n", encoding="utf-8")
    out = net.ok("draft", "Marisol", "--occasion", "thanks", "--json", as_of=TODAY).json()
    assert out["text"] == "Merci Marisol!\n"
    assert out["template"] == str(folder / "thanks.j2")
    (folder / "thanks.j2").write_text("Merci {{ f.nickname_typo }}!\n", encoding="utf-8")
    assert (
        "draft template thanks.j2"
        in net.bad("draft", "Marisol", "--occasion", "thanks", as_of=TODAY).stderr
    )


def test_draft_bad_input(net: Kith) -> None:
    net.ok("add", "Stranger Danger", "--tier", "wide", as_of=TODAY)
    net.ok("add", "Dee Nope", as_of=TODAY)
    net.ok("edit", "Dee Nope", "--do-not-contact", as_of=TODAY)
    before = dump(net.url)
    assert "unknown occasion" in net.bad("draft", "Marisol", "--occasion", "hello").stderr
    assert "do-not-contact" in net.bad("draft", "Dee Nope").stderr
    assert "share no past job" in net.bad("draft", "Stranger", "--occasion", "rehire").stderr
    assert (
        "no lead" in net.bad("draft", "Marisol", "--occasion", "share_lead", "--lead", "99").stderr
    )
    assert "not to you" in net.bad("draft", "me").stderr
    assert dump(net.url) == before


def test_a_draft_without_your_name_is_unsigned(kith: Kith) -> None:
    """No bare "Best," hanging at the end when your own name is unknown."""
    kith.ok("add", "Ada Byron", as_of=TODAY)
    text = kith.ok("draft", "Ada", "--occasion", "thanks", as_of=TODAY).stdout
    assert "Best," not in text
    assert text.rstrip().splitlines()[-1].strip() != ""
    kith.ok("edit", "me", "--name", "Robin Quill", as_of=TODAY)
    text = kith.ok("draft", "Ada", "--occasion", "thanks", as_of=TODAY).stdout
    assert text.rstrip().splitlines()[-2:] == ["Best,", "Robin"]
