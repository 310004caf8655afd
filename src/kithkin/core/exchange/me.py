"""The user's own record in an import.

``apply_me`` takes what a source says about the user (LinkedIn's Profile.csv and
Positions.csv, the ``--me`` addresses of mbox and ICS imports) so that later
rows can tell the user's messages from everyone else's.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.orm import Session

from kithkin.core.book import orgs
from kithkin.core.exchange.incoming import MeRecord, PositionRecord
from kithkin.core.exchange.matching import Index, Known, fold
from kithkin.core.exchange.summary import Summary
from kithkin.core.userinput import fast_email, normalize_linkedin_url, split_name
from kithkin.store.tables import ContactEmail, ContactUrl, Position


def apply_me(
    s: Session,
    index: Index,
    summary: Summary,
    source: str,
    me: MeRecord | None,
    positions: Sequence[PositionRecord],
    emails: Sequence[str],
) -> None:
    """What a source says about the user: name, birthday, profile URL, own jobs, addresses."""
    if me is None and not positions and not emails:
        return
    from kithkin.core.book.contacts import me as me_contact

    row = me_contact(s)
    k = index.people.get(row.id)
    if k is None:
        k = Known(
            row.id,
            row.display_name,
            fold(row.display_name),
            "",
            is_me=True,
            fields={"birthday": row.birthday, "external_uid": row.external_uid},
        )
        index.add(k)
    index.me_id = row.id
    if me is not None:
        if me.display_name and row.display_name == "Me":
            row.display_name = me.display_name
            for key, value in split_name(me.display_name).items():
                setattr(row, key, value)
        if me.birthday and not row.birthday:
            row.birthday = me.birthday
        url = normalize_linkedin_url(me.url) if me.url else None
        if url and url not in index.by_url:
            row.urls.append(ContactUrl(url=url, kind="linkedin"))
            index.by_url[url] = row.id
        if url:
            k.linkedin.add(url)
    for raw in emails:
        e = fast_email(raw)  # normalize_email(found=True), quickly for a plain address
        if e not in index.by_email:
            row.emails.append(ContactEmail(email=e))
            index.by_email[e] = row.id
        k.emails.add(e)
    if positions:
        # A job is known by its organization and start; one at no organization, by its title.
        have = {
            (p.org.norm_name, p.start_date, "") if p.org else ("", p.start_date, fold(p.title))
            for p in row.positions
        }
        for p in positions:
            norm = orgs.normalize(p.org) if p.org else ""
            if (norm, p.start, "" if norm else fold(p.title)) in have:
                continue
            org = orgs.find_or_create(s, p.org) if norm and p.org else None
            row.positions.append(
                Position(
                    org_id=org.id if org else None,
                    title=p.title,
                    start_date=p.start,
                    end_date=p.end,
                    source=source,
                )
            )
            have.add((org.norm_name, p.start, "") if org else ("", p.start, fold(p.title)))
            summary.my_positions += 1
    s.flush()
