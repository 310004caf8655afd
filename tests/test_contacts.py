"""kith add / show / list / edit / rm, and how contacts are named."""

from __future__ import annotations


def test_add_prints_id_and_show_returns_what_was_given(kith):
    out = kith.ok(
        "add",
        "Jane Q. Doe",
        "--email",
        "Jane.Doe@Example.com",
        "--phone",
        "+44 20 7946 0958",
        "--org",
        "Acme Inc.",
        "--title",
        "CTO",
        "--tag",
        "Mentor",
        "--tier",
        "close",
        "--cadence",
        "21",
        "--channel",
        "call",
        "--how-met",
        "PyCon 2019",
        "--note",
        "loves sailing",
    )
    cid = int(out.stdout.strip())
    shown = kith.ok("show", str(cid), "--json").json()
    assert shown["id"] == cid
    assert shown["name"] == "Jane Q. Doe"
    assert shown["given_name"] == "Jane" and shown["family_name"] == "Doe"
    assert shown["emails"] == ["jane.doe@example.com"]
    assert shown["phones"] == ["+442079460958"]
    assert shown["tags"] == ["mentor"]
    assert shown["tier"] == "close"
    assert shown["cadence_days"] == 21
    assert shown["preferred_channel"] == "call"
    [job] = shown["positions"]
    assert isinstance(job.pop("id"), int)  # what `kith job edit|rm` takes
    assert job == {"org": "Acme Inc.", "title": "CTO", "start": None, "end": None}
    assert shown["interactions"] == []


def test_add_json_gives_the_id(kith):
    first = kith.ok("add", "Ann Lee", "--json").json()
    assert first["name"] == "Ann Lee"
    second = kith.ok("add", "Bo Chan", "--json").json()
    assert second["id"] == first["id"] + 1


def test_contacts_are_named_by_id_email_or_fragment(kith):
    jane = kith.ok("add", "Jane Doe", "--email", "jane@example.com", "--json").json()["id"]
    kith.ok("add", "Janet Smith")
    assert kith.ok("show", "jane@example.com", "--json").json()["id"] == jane
    assert kith.ok("show", "DOE", "--json").json()["id"] == jane
    # "Jane Doe" exactly wins over the fragment that also matches Janet.
    assert kith.ok("show", "jane doe", "--json").json()["id"] == jane
    run = kith.bad("show", "jan")
    assert "matches 2 contacts" in run.stderr and "Janet Smith" in run.stderr


def test_list_filters(kith):
    kith.ok("add", "Ann Lee", "--tag", "python", "--tier", "close", "--org", "ACME")
    kith.ok("add", "Bo Chan", "--tier", "wide", "--org", "Globex", "--email", "bo@x.example")
    everyone = kith.ok("list", "--json").json()
    assert [r["name"] for r in everyone] == ["Ann Lee", "Bo Chan"]
    assert set(everyone[0]) >= {"id", "name", "emails", "org", "title", "tier"}
    assert [r["name"] for r in kith.ok("list", "--tag", "Python", "--json").json()] == ["Ann Lee"]
    assert [r["name"] for r in kith.ok("list", "--tier", "wide", "--json").json()] == ["Bo Chan"]
    # Organization names match despite case and legal suffixes.
    assert [r["name"] for r in kith.ok("list", "--org", "acme, inc.", "--json").json()] == [
        "Ann Lee"
    ]


def test_colleagues_are_derived_from_overlapping_positions(kith):
    kith.ok("job", "add", "me", "--org", "Acme", "--start", "2020-01-01", "--end", "2022-06-30")
    for name, start, end in [
        ("Ann Lee", "2019-01-01", "2020-01-01"),  # overlaps one day
        ("Bo Chan", "2022-07-01", None),  # after I left
        ("Cy Park", "2021-03-01", "2021-04-01"),
    ]:
        kith.ok("add", name)
        args = ["job", "add", name, "--org", "ACME Inc", "--start", start]
        kith.ok(*args, *(["--end", end] if end else []))
    names = [r["name"] for r in kith.ok("list", "--colleagues-at", "acme", "--json").json()]
    assert names == ["Ann Lee", "Cy Park"]


def test_edit_changes_fields_and_boundaries(kith):
    kith.ok("add", "Ann Lee", "--org", "Acme", "--title", "Engineer")
    kith.ok(
        "edit",
        "Ann",
        "--title",
        "Staff Engineer",
        "--min-interval",
        "14",
        "--professional-only",
        "--do-not-contact",
        "--email",
        "ann@example.com",
    )
    shown = kith.ok("show", "Ann", "--json").json()
    assert shown["title"] == "Staff Engineer"
    assert shown["boundaries"]["min_interval_days"] == 14
    assert shown["boundaries"]["professional_only"] is True
    assert shown["boundaries"]["do_not_contact"] is True
    kith.ok("edit", "Ann", "--contactable", "--no-professional-only")
    b = kith.ok("show", "Ann", "--json").json()["boundaries"]
    assert b["do_not_contact"] is False and b["professional_only"] is False


def test_edit_org_moves_the_contact_to_a_new_job(kith):
    kith.ok("add", "Ann Lee", "--org", "Acme", "--title", "Engineer")
    kith.ok("edit", "Ann", "--org", "Globex", "--title", "CTO", as_of="2026-05-01")
    positions = kith.ok("show", "Ann", "--json", as_of="2026-05-01").json()["positions"]
    assert positions[0]["org"] == "Acme" and positions[0]["end"] == "2026-05-01"
    assert {k: v for k, v in positions[1].items() if k != "id"} == {
        "org": "Globex",
        "title": "CTO",
        "start": "2026-05-01",
        "end": None,
    }


def test_rm_removes_the_contact_and_their_links(kith):
    kith.ok("add", "Ann Lee")
    kith.ok("log", "Ann", "--note", "hello")
    kith.ok("rm", "Ann", "--yes")
    assert kith.ok("list", "--json").json() == []
    assert kith.ok("search", "hello", "--json").json() == []


def test_rm_asks_for_confirmation(kith):
    kith.ok("add", "Ann Lee")
    run = kith("rm", "Ann", input="n\n")
    assert run.exit_code == 1
    assert len(kith.ok("list", "--json").json()) == 1


def test_a_note_of_several_lines_stays_under_its_label(kith, tmp_path):  # type: ignore[no-untyped-def]
    """A vCard's NOTE or a Google note often has several lines: `kith show` hangs them
    under the first instead of starting them at the margin, among the section titles."""
    card = tmp_path / "priya.vcf"
    card.write_text(
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Priya Raman\r\nN:Raman;Priya;;;\r\n"
        "NOTE:Loves trail running\\nLives in Oakland\r\nEND:VCARD\r\n"
    )
    kith.ok("import", "vcard", str(card))
    out = kith.ok("show", "priya").stdout.splitlines()
    at = out.index("  notes: Loves trail running")
    assert out[at + 1] == "         Lives in Oakland"


def test_show_prints_the_profile_urls(kith):  # type: ignore[no-untyped-def]
    """Most LinkedIn connections come with no email: their profile address is the way
    to reach them, and `kith show` lists urls among what it shows (docs/commands.md)."""
    kith.ok("add", "Wei Yoru", "--url", "https://www.linkedin.com/in/wei-yoru/")
    kith.ok("edit", "wei", "--url", "https://wei.example/blog")
    out = kith.ok("show", "wei").stdout.splitlines()
    assert "  url: https://www.linkedin.com/in/wei-yoru, https://wei.example/blog" in out


def test_show_prints_a_job_without_a_title_as_its_organization(kith):  # type: ignore[no-untyped-def]
    kith.ok("add", "Li Wei", "--org", "腾讯")
    out = kith.ok("show", "li wei").stdout.splitlines()
    jobs = [line for line in out if "job #" in line]
    assert len(jobs) == 1 and "  at 腾讯  job #" in jobs[0] and "   at" not in jobs[0]


def test_add_refuses_a_name_typed_without_its_accents_as_a_second_person(kith):  # type: ignore[no-untyped-def]
    """`kith add "lena muller"` while Lena Müller is there is the usual mistake (typing
    someone in twice, on a keyboard without ü), as case aside already is."""
    kith.ok("add", "Lena Müller")
    err = kith.bad("add", "lena muller").stderr
    assert "lena muller is already in your network: #1 Lena Müller" in err
    assert "--force" in err
    kith.ok("add", "Łukasz Nowak")
    assert "Łukasz Nowak" in kith.bad("add", "Lukasz NOWAK").stderr
    assert kith.ok("add", "lena muller", "--force").stdout.strip() == "3"
