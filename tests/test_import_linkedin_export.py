"""kith import linkedin on a whole export: messages, invitations, my profile and positions."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from conftest import dump
from importing_support import shared
from kithkin.formats.linkedin.messages import plain_text

AS_OF = "2026-05-01"
HEADER = "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
PEOPLE = (
    "Sam,Hiring,https://www.linkedin.com/in/samhiring,,Hirely,Recruiter,01 Mar 2026\n"
    "Rob,Friend,https://www.linkedin.com/in/robfriend,,Initech,Engineer,02 Mar 2026\n"
    "Doris,Contact,https://www.linkedin.com/in/doris-contact,,Globex,Coach,03 Mar 2026\n"
    "Rita,Recruiter,https://www.linkedin.com/in/rita-recruiter-bb855213a,,Staffy,Lead,"
    "04 Mar 2023\n"
    "Pat,Peer,https://www.linkedin.com/in/pat-peer-7b16a8248,,Peers,Dev,05 Mar 2023\n"
    "Brian,Example,https://www.linkedin.com/in/brianexample,,Acme,CEO,06 Apr 2026\n"
)


def _export(tmp_path: Path, messages: str = "messages_2026_shape.csv") -> Path:
    members = {
        "Connections.csv": (HEADER + PEOPLE).encode(),
        "messages.csv": shared("linkedin", messages).read_bytes(),
        "Invitations.csv": shared("linkedin", "Invitations_shape.csv").read_bytes(),
        "Profile.csv": shared("linkedin", "Profile_shape.csv").read_bytes(),
        "Positions.csv": shared("linkedin", "Positions_shape.csv").read_bytes(),
    }
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name, data in members.items():
            zf.writestr(f"Complete_LinkedInDataExport_04-06-2026/{name}", data)
    path = tmp_path / "export.zip"
    path.write_bytes(buf.getvalue())
    return path


def test_whole_export(kith, tmp_path: Path):
    path = _export(tmp_path)
    out = kith.ok("import", "linkedin", str(path), "--json", as_of=AS_OF).json()
    assert out["contacts"]["new"] == 6
    assert out["my_positions"] == 2
    # 3 messages with known people, 1 invitation to Brian; the other 3 invitees are unknown.
    assert out["interactions"]["new"] == 4
    assert out["interactions"]["unmatched"] == 3
    me = kith.ok("show", "me", "--json").json()
    assert me["name"] == "Me Myself"
    assert me["birthday"] == "--06-20"  # Profile.csv "Jun 20": a birthday without a year
    jobs = {(p["org"], p["start"], p["end"]) for p in me["positions"]}
    assert jobs == {("Spellwell", "2016-05-01", None), ("myCompany", "2023-03-01", "2025-12-01")}
    sam = kith.ok("show", "Sam Hiring", "--json").json()
    [msg] = sam["interactions"]
    assert (msg["channel"], msg["direction"], msg["kind"]) == ("linkedin", "outbound", "checkin")
    assert (msg["date"], msg["time"]) == ("2026-04-06", "16:35")
    assert msg["subject"].startswith("Sr. Content Strategy Director role")
    assert "reach out directly.\n\nCheers," in msg["note"]  # multi-line content kept
    assert msg["source"] == "linkedin-messages"
    rob = kith.ok("show", "Rob Friend", "--json").json()
    assert [i["direction"] for i in rob["interactions"]] == ["inbound"]
    doris = kith.ok("show", "Doris", "--json").json()
    assert '"Everything counts because everything communicates"' in doris["interactions"][0]["note"]
    brian = kith.ok("show", "Brian", "--json").json()
    [inv] = brian["interactions"]
    assert (inv["date"], inv["direction"], inv["source"]) == (
        "2026-04-06",
        "outbound",
        "linkedin-invitations",
    )
    before = dump(kith.url)
    again = kith.ok("import", "linkedin", str(path), "--json", as_of=AS_OF).json()
    assert again["interactions"]["new"] == 0 and again["interactions"]["known"] == 4
    assert again["my_positions"] == 0
    assert dump(kith.url) == before


def test_messages_2023_shape_skips_sponsored_and_system_rows(kith, tmp_path: Path):
    path = _export(tmp_path, "messages_2023_shape.csv")
    out = kith.ok("import", "linkedin", str(path), "--json", as_of=AS_OF).json()
    reasons = [s["reason"] for s in out["skipped"] if s["file"].endswith("messages.csv")]
    assert len(reasons) == 3  # sponsored, "Message request accepted", LinkedIn Learning
    assert all("sponsored or system" in r for r in reasons)
    pat = kith.ok("show", "Pat Peer", "--json").json()
    assert sorted(i["direction"] for i in pat["interactions"]) == ["inbound", "outbound"]
    rita = kith.ok("show", "Rita", "--json").json()
    assert rita["interactions"][0]["note"].startswith("We are hiring")


def test_messages_2018_shape_matches_names(kith, tmp_path: Path):
    conn = tmp_path / "Connections.csv"
    conn.write_text(HEADER + "Recruiter,Person,,,Jobs Inc,Recruiter,01 Jun 2018\n"
                    "Peer,Person,,,Peers,Dev,02 Jun 2018\n")  # fmt: skip
    kith.ok("import", "linkedin", str(conn), as_of=AS_OF)
    msgs = shared("linkedin", "Messages_2018_legacy_shape.csv")
    out = kith.ok("import", "linkedin", str(msgs), "--json", as_of=AS_OF).json()
    assert out["interactions"]["new"] == 2
    recruiter = kith.ok("show", "Recruiter Person", "--json").json()
    [i] = recruiter["interactions"]
    assert (i["date"], i["time"], i["direction"]) == ("2018-06-19", "05:54", "inbound")
    peer = kith.ok("show", "Peer Person", "--json").json()
    assert peer["interactions"][0]["direction"] == "outbound"


def test_html_content_becomes_plain_text():
    html = '<p class="x">Hi Me,</p><p><br></p><p>A &amp; B&nbsp;here</p>'
    assert plain_text(html) == "Hi Me,\n\nA & B here"
    assert plain_text("I&rsquo;d like") == "I’d like"


def test_legacy_profile_and_invitations(kith):
    profile = shared("linkedin", "Profile_2018_legacy_shape.csv")
    kith.ok("import", "linkedin", str(profile), as_of=AS_OF)
    me = kith.ok("show", "me", "--json").json()
    assert me["name"] == "Me Myself" and me["birthday"] == "1998-02-17"
    inv = shared("linkedin", "Invitations_2018_legacy_shape.csv")
    out = kith.ok("import", "linkedin", str(inv), "--json", as_of=AS_OF).json()
    assert out["interactions"]["unmatched"] == 2


MSG_HEADER = (
    "CONVERSATION ID,CONVERSATION TITLE,FROM,SENDER PROFILE URL,TO,RECIPIENT PROFILE URLS,"
    "DATE,SUBJECT,CONTENT,FOLDER\n"
)


def _one_conversation(me: str, other: str) -> bytes:
    """One thread of two: both profile URLs appear in every message, as often."""
    url = {n: "https://www.linkedin.com/in/" + n.lower().replace(" ", "-") for n in (me, other)}
    return (
        MSG_HEADER
        + f"c-1,,{other},{url[other]},{me},{url[me]},2026-05-12 09:30:00 UTC,,Coffee?,INBOX\n"
        + f"c-1,,{me},{url[me]},{other},{url[other]},2026-05-12 18:02:00 UTC,,Gladly,INBOX\n"
    ).encode()


def test_one_thread_of_two_finds_me_by_my_profile_name(kith, tmp_path: Path):
    """Both URLs tie; the name Profile.csv gives says which is the user's, whoever it is
    (before, the tie went to whichever URL a set listed first: a connection could be
    folded into the user's own record and their messages lost)."""
    from kithkin.core.exchange.incoming import Batch
    from kithkin.formats.linkedin import messages, profile

    for me, other in (("Alex Morgan", "Ann Lee"), ("Ann Lee", "Alex Morgan")):
        batch = Batch(source="linkedin")
        first, last = me.split()
        profile.parse_profile(
            f"First Name,Last Name,Birth Date\n{first},{last},\n".encode(), "Profile.csv", batch
        )
        messages.parse(_one_conversation(me, other), "messages.csv", batch)
        assert batch.me is not None
        assert batch.me.url == "https://www.linkedin.com/in/" + me.lower().replace(" ", "-")
        directions = [(i.direction.value, i.parties[0].url) for i in batch.interactions]
        other_url = "https://www.linkedin.com/in/" + other.lower().replace(" ", "-")
        assert directions == [("inbound", other_url), ("outbound", other_url)]
