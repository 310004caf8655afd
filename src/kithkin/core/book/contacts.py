"""Contacts: create, edit, name, list and remove the people in the network.

A contact is named on every face by id, by email, or by a name fragment that
matches one person (:func:`resolve`). The user is a contact too (``is_me``), so
that shared jobs are positions like everyone else's.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from kithkin import clock
from kithkin.core import folding, phones, settings
from kithkin.core.book import jobs, lookup
from kithkin.core.userinput import (
    ID_MAX,
    clean_name,
    normalize_email,
    normalize_linkedin_url,
    one_line_text,
    parse_birthday,
    parse_choice,
    positive_days,
    split_name,
    strip_controls,
)
from kithkin.core.vocabulary import Channel, Tier
from kithkin.errors import BadInput, Conflict, NotFound
from kithkin.store.tables import (
    Contact,
    ContactEmail,
    ContactPhone,
    ContactTag,
    ContactUrl,
)

ME_NAME = "Me"


@dataclass
class ContactInput:
    """What a user may set on a contact; ``None`` means "leave as it is"."""

    name: str | None = None
    emails: list[str] = field(default_factory=list)
    phones: list[str] = field(default_factory=list)
    urls: list[str] = field(default_factory=list)
    org: str | None = None
    title: str | None = None
    tags: list[str] = field(default_factory=list)
    tier: str | None = None
    cadence_days: int | None = None
    channel: str | None = None
    how_met: str | None = None
    note: str | None = None
    location: str | None = None
    time_zone: str | None = None
    birthday: str | None = None  # YYYY-MM-DD, or MM-DD when the year is unknown (R9)
    min_interval_days: int | None = None
    professional_only: bool | None = None
    do_not_contact: bool | None = None
    # Filled by validation: each number's text as written (``phones`` holds the stored form).
    phones_raw: dict[str, str] = field(default_factory=dict)


def me(s: Session) -> Contact:
    """The user's own record, created on first use."""
    found = s.scalars(select(Contact).where(Contact.is_me.is_(True))).first()
    if found is None:
        found = Contact(is_me=True, display_name=ME_NAME, tier=Tier.NONE, created_on=clock.today())
        s.add(found)
        s.flush()
    return found


def _email_owner(s: Session, email: str) -> Contact | None:
    return s.scalars(select(Contact).join(ContactEmail).where(ContactEmail.email == email)).first()


def validated(inp: ContactInput, region: str | None = None) -> ContactInput:
    """Normalise every field first, so a bad value fails before anything is written.

    ``region``: the country of numbers typed without their code (``phone.region``).
    """
    out = ContactInput(**vars(inp))
    if inp.name is not None:
        out.name = clean_name(inp.name)
    out.emails = list(dict.fromkeys(normalize_email(e) for e in inp.emails))
    numbers = [phones.read(p, region) for p in inp.phones]
    out.phones = list(dict.fromkeys(n.number for n in numbers))
    out.phones_raw = {n.number: n.raw for n in reversed(numbers)}
    if inp.tier is not None:
        out.tier = parse_choice(inp.tier, Tier, "tier").value
    if inp.channel is not None:
        out.channel = parse_choice(inp.channel, Channel, "channel").value
    out.cadence_days = positive_days(inp.cadence_days, "cadence")
    out.min_interval_days = positive_days(inp.min_interval_days, "minimum interval")
    out.tags = list(dict.fromkeys(t.strip().lower() for t in inp.tags if t.strip()))
    if inp.birthday is not None:
        out.birthday = parse_birthday(inp.birthday)
    out.org, out.title = one_line_text(out.org), one_line_text(out.title)
    out.location, out.how_met = one_line_text(out.location), one_line_text(out.how_met)
    out.note = strip_controls(out.note)
    out.tags = [t for t in (one_line_text(t) for t in out.tags) if t]
    out.urls = [u for u in (one_line_text(u) for u in out.urls) if u]
    if out.time_zone is not None:
        out.time_zone = time_zone(out.time_zone)
    return out


def time_zone(value: str) -> str | None:
    """An IANA zone name (``Europe/Berlin``) that this machine's zone database knows."""
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    v = value.strip()
    if not v:
        return None
    try:
        ZoneInfo(v)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        raise BadInput(
            f"unknown time zone {value!r}: expected an IANA name such as Europe/Berlin"
        ) from None
    return v


def _add_emails(s: Session, contact: Contact, emails: list[str]) -> None:
    known = {e.email for e in contact.emails}
    for email in emails:
        if email in known:
            continue
        owner = _email_owner(s, email)
        if owner is not None and owner.id != contact.id:
            raise Conflict(f"email {email} already belongs to {owner.display_name} (#{owner.id})")
        contact.emails.append(ContactEmail(email=email))


def _add_urls(contact: Contact, urls: list[str]) -> None:
    known = {u.url for u in contact.urls}
    for raw in urls:
        linkedin = normalize_linkedin_url(raw)
        url, kind = (linkedin, "linkedin") if linkedin else (raw.strip(), "other")
        if url and url not in known:
            contact.urls.append(ContactUrl(url=url, kind=kind))
            known.add(url)


def settable_fields(v: ContactInput) -> dict[str, object]:
    """The contact columns an input sets directly (``None``: not given)."""
    return {
        "tier": v.tier,
        "cadence_days": v.cadence_days,
        "preferred_channel": v.channel,
        "how_met": v.how_met,
        "notes": v.note,
        "location": v.location,
        "time_zone": v.time_zone,
        "birthday": v.birthday,
        "min_interval_days": v.min_interval_days,
        "professional_only": v.professional_only,
        "do_not_contact": v.do_not_contact,
    }


def new_contact_fields(v: ContactInput) -> dict[str, object]:
    """Every column of a new contact made from a validated input."""
    assert v.name is not None
    return {
        **settable_fields(v),
        "display_name": v.name,
        **split_name(v.name),
        "tier": v.tier or Tier.REGULAR,
        "professional_only": bool(v.professional_only),
        "do_not_contact": bool(v.do_not_contact),
        "created_on": clock.today(),
    }


def add_contact(s: Session, inp: ContactInput, *, force: bool = True) -> Contact:
    """Create a contact; raises before writing anything when a field is invalid.

    Unless ``force``, a name that is already someone's is refused with that
    person shown: typing someone in twice is the usual mistake, a namesake the
    rare case (the faces ask for ``force`` then).
    """
    v = validated(inp, settings.phone_region(s))
    if not v.name:
        raise BadInput("a contact needs a name")
    if not force:
        same = namesakes(s, v.name)
        if same:
            who = "; ".join(describe(c) for c in same)
            raise Conflict(
                f"{v.name} is already in your network: {who}",
                hint="kith add --force to add another person of that name",
            )
    contact = Contact(**new_contact_fields(v))
    s.add(contact)
    _add_emails(s, contact, v.emails)
    contact.phones.extend(ContactPhone(phone=p, raw=v.phones_raw[p]) for p in v.phones)
    _add_urls(contact, v.urls)
    contact.tags.extend(ContactTag(tag=t) for t in v.tags)
    s.flush()
    if v.org:
        jobs.set_current_position(s, contact, v.org, v.title)
    elif v.title:  # a title held at no organization given ("Independent Consultant")
        jobs.add_title(s, contact, v.title)
    return contact


def edit_contact(s: Session, contact: Contact, inp: ContactInput) -> Contact:
    """Change the fields given; emails, phones, urls and tags given are added."""
    v = validated(inp, settings.phone_region(s))
    if v.name:
        contact.display_name = v.name
        for key, value in split_name(v.name).items():
            if key == "nickname" and value is None:
                continue  # a nickname the new name does not say stays (a phone card's)
            setattr(contact, key, value)
    for key, new in settable_fields(v).items():
        if new is not None:
            setattr(contact, key, new)
    _add_emails(s, contact, v.emails)
    known_phones = {p.phone for p in contact.phones}
    contact.phones.extend(
        ContactPhone(phone=p, raw=v.phones_raw[p]) for p in v.phones if p not in known_phones
    )
    _add_urls(contact, v.urls)
    known_tags = {t.tag for t in contact.tags}
    contact.tags.extend(ContactTag(tag=t) for t in v.tags if t not in known_tags)
    if v.org:
        jobs.set_current_position(s, contact, v.org, v.title)
    elif v.title:
        current = jobs.current_position(contact)
        if current is None:
            jobs.add_title(s, contact, v.title)
        else:
            current.title = v.title
    s.flush()
    return contact


def remove(s: Session, contact: Contact) -> None:
    if contact.is_me:
        raise BadInput("the user's own record cannot be removed")
    s.delete(contact)
    s.flush()


def get(s: Session, contact_id: int) -> Contact:
    contact = s.get(Contact, contact_id) if 0 < contact_id <= ID_MAX else None
    if contact is None:
        raise NotFound(f"no contact with id {contact_id}")
    return contact


def describe(c: Contact) -> str:
    """A contact told apart from namesakes: ``#2 Ann Lee (Acme, ann@acme.example)``."""
    pos = jobs.latest_position(c)
    known = [pos.org_name if pos else None, c.emails[0].email if c.emails else None]
    shown = ", ".join(k for k in known if k)
    return f"#{c.id} {c.display_name}" + (f" ({shown})" if shown else "")


def namesakes(s: Session, name: str) -> list[Contact]:
    """Contacts whose name is ``name``, case aside, else accents aside ("lena muller" is
    Lena Müller, :func:`kithkin.core.folding.unaccent`): ``kith add`` warns before a
    second one. Neither backend folds accents in SQL, so that second look folds the
    names here, and only when the first found nobody."""
    others = Contact.is_me.is_(False)
    same = list(
        s.scalars(
            select(Contact)
            .where(others, lookup.lowered(s, Contact.display_name, name) == name.lower())
            .order_by(Contact.id)
        )
    )
    if same:
        return same
    folded = folding.unaccent(name)
    ids = [
        cid
        for cid, shown in s.execute(select(Contact.id, Contact.display_name).where(others))
        if folding.unaccent(shown) == folded
    ]
    return list(s.scalars(select(Contact).where(Contact.id.in_(ids)).order_by(Contact.id)))


def resolve(s: Session, ref: str) -> Contact:
    """A contact named by id, email, an exact or an unambiguous partial name; ``me`` is the user.

    Names follow the one rule of :func:`kithkin.core.book.lookup.resolve`.
    """
    ref = one_line_text(ref) or ""
    if ref.lower() == "me":
        return me(s)
    if "@" in ref:
        found = s.scalars(
            select(Contact)
            .where(Contact.is_me.is_(False))
            .join(ContactEmail)
            .where(ContactEmail.email == ref.lower())
        ).first()
        if found is None:
            raise NotFound(f"no contact with email {ref}")
        return found
    return lookup.resolve(
        s,
        Contact,
        ref,
        what="contact",
        name=Contact.display_name,
        label=describe,
        order=(Contact.display_name,),
        where=Contact.is_me.is_(False),
        narrow="more of the name, an email or an id",
    )
