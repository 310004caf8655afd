"""vCard 2.1, 3.0 and 4.0 files as real clients write them, into person records.

Quirks handled (each covered by a test on the real files in ``../shared/fixtures``):
CR CR LF line ends (old iPhone), folds mid-word, quoted-printable 2.1 cards with
soft line breaks (Android, Outlook), ``item1.`` groups with ``X-ABLabel`` (Apple),
``CATEGORIES`` with escaped commas (Thunderbird), ``http\\://`` URLs (Gmail),
birthdays without a year (``--0415``, Apple's 1604 placeholder with
``X-APPLE-OMIT-YEAR``, Thunderbird's ``16040101``), photos in base64 or as data
URIs (kept up to a size limit, skipped when broken, never fatal), and cards
without a UID (given a stable content hash so re-imports still match). A contact
group's card (``KIND:group``, Apple's ``X-ADDRESSBOOKSERVER-KIND:group``) is skipped:
a group is no person.

Binary properties are cut out before vobject sees the card: a malformed base64
photo would otherwise make vobject reject the whole card. So is every property
kithkin does not read (``PROFILE:VCard`` from Lotus Notes, ``AGENT``, ``SOURCE``...):
RFC-allowed properties must never make a card unreadable.

``CHARSET`` is honoured per property (vCard 2.1 from old phones and mail clients),
quoted-printable or 8-bit; a value that does not decode in its charset is read as
Windows-1252 when it does not claim one, and a replacement character (U+FFFD) is
never stored without a note.

``X-KITHKIN-`` properties carry what kithkin holds beyond the standard ones (tier,
connected-on, cadence...; :data:`kithkin.formats.vcard_out.EXTRA`), so that a card
kithkin exported comes back in whole.
"""

from __future__ import annotations

import base64
import binascii
import codecs
import hashlib
import logging
import quopri
import re
from dataclasses import dataclass
from typing import Any

import vobject

from kithkin.core import phones as phone_rules
from kithkin.core.exchange.incoming import Batch, PersonRecord, Skip
from kithkin.errors import BadInput
from kithkin.formats import dates, textio, vcard_lines
from kithkin.formats.vcard_out import AS_WRITTEN, EXTRA

# vobject logs each line it cannot parse, quoting the line (a person's address, raw
# bytes), through a stream handler of its own: it reached the user's terminal. The
# import's own summary speaks for the file; the library says nothing.
for _name in ("vobject", "vobject.base"):
    logging.getLogger(_name).disabled = True

SOURCE = "vcard"
MAX_PHOTO = 512 * 1024  # characters of base64; larger photos are skipped
_BINARY = ("PHOTO", "LOGO", "KEY", "SOUND")


@dataclass
class Card:
    line: int
    text: str


def split_cards(text: str, name: str) -> list[Card]:
    lines = text.replace("\r\r\n", "\n").replace("\r\n", "\n").replace("\r", "\n").split("\n")
    cards: list[Card] = []
    start: int | None = None
    buf: list[str] = []
    for n, line in enumerate(lines, 1):
        upper = line.strip().upper()
        if upper == "BEGIN:VCARD":
            start, buf = n, [line.strip()]
            continue
        if start is None:
            continue
        buf.append(line)
        if upper == "END:VCARD":
            cards.append(Card(start, "\n".join(buf) + "\n"))
            start = None
    if start is not None:
        raise BadInput(f"{name}: line {start}: vCard without END:VCARD (truncated file?)")
    if not cards:
        raise BadInput(f"{name}: not a vCard file (no BEGIN:VCARD found)")
    return cards


def _logical(text: str) -> list[str]:
    """Unfolded lines, keeping quoted-printable soft breaks (a line ending in ``=``)."""
    out: list[str] = []
    for line in text.split("\n"):
        if out and line[:1] in (" ", "\t"):
            out[-1] += line[1:]
        elif out and out[-1].endswith("=") and "QUOTED-PRINTABLE" in out[-1].upper():
            out[-1] = out[-1][:-1] + line
        elif line.strip():
            out.append(line)
    return out


def _photo(prop: str, warn: list[str]) -> str | None:
    head, _, value = prop.partition(":")
    params = head.upper()
    value = re.sub(r"\s+", "", value).replace("\\,", ",").replace("\\:", ":")
    if len(value) > MAX_PHOTO:
        warn.append("photo larger than 512 KB left out")
        return None
    if value.lower().startswith("data:"):
        return value
    if "ENCODING=B" in params or "BASE64" in params:
        try:
            base64.b64decode(value, validate=True)
        except (binascii.Error, ValueError):
            warn.append("unreadable photo left out")
            return None
        m = re.search(r"TYPE=([A-Z]+)", params) or re.search(r";(JPEG|PNG|GIF)\b", params)
        kind = (m.group(1) if m else "jpeg").lower()
        return f"data:image/{kind};base64,{value}"
    return None  # a URL: nothing is fetched, nothing leaves the machine


def _charset(head: str) -> tuple[str, list[str]]:
    """The ``CHARSET`` of a property line ("" when none) and its other parameters."""
    charset = ""
    params: list[str] = []
    for p in head.split(";")[1:]:
        if p.upper().startswith("CHARSET="):
            charset = p.split("=", 1)[1].strip('"')
        elif p.upper() not in ("ENCODING=QUOTED-PRINTABLE", "QUOTED-PRINTABLE", "ENCODING=8BIT",
                               "8BIT"):  # fmt: skip
            params.append(p)
    return charset, params


def _decode(raw: bytes, charset: str, what: str, warn: list[str]) -> str:
    """Bytes of one value in its declared charset; without one (or when the bytes do not
    fit it), UTF-8, else Windows-1252, else Latin-1: never a replacement character."""
    if charset and not _known(charset):
        bare = charset[2:] if charset.lower().startswith("x-") else ""
        if bare and _known(bare):
            charset = bare  # x-mac-roman, x-sjis: mail clients' names for known charsets
        else:
            warn.append(f"{what}: unknown charset {charset!r} ignored")
            charset = ""
    tried = [charset] if charset else []
    for cs in (*tried, "utf-8", "cp1252", "latin-1"):
        try:
            text = raw.decode(cs)
        except UnicodeDecodeError:
            continue
        if tried and cs != charset:
            warn.append(f"{what}: not {charset} as the card says, read as {cs}")
        return text
    raise AssertionError("latin-1 decodes every byte")


def _known(charset: str) -> bool:
    """A text charset Python knows (``b"".decode`` looks nothing up; base64 is no text)."""
    try:
        return codecs.lookup(charset)._is_text_encoding
    except (LookupError, ValueError):  # a name holding NUL or raw 8-bit bytes is none
        return False


def _unqp(head: str, value: str, warn: list[str]) -> str:
    """Decode a quoted-printable 2.1 value ourselves: a stray byte must not lose the card."""
    charset, params = _charset(head)
    raw = quopri.decodestring(value.encode("utf-8", errors="surrogateescape"))
    text = _decode(raw, charset, _prop(head), warn)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\\n")
    return ";".join([head.split(";")[0], *params]) + ":" + text


def _eight_bit(head: str, value: str, warn: list[str]) -> str:
    """A value in the charset its ``CHARSET`` names when the file's bytes were not UTF-8
    (they are kept as surrogates until then); a UTF-8 value is already text."""
    charset, params = _charset(head)
    if _SURROGATES.search(value):
        raw = value.encode("utf-8", errors="surrogateescape")
        value = _decode(raw, charset, _prop(head), warn)
    return ";".join([head.split(";")[0], *params]) + ":" + value


def _prop(head: str) -> str:
    return head.split(";", 1)[0].split(".")[-1].upper()


# What kithkin reads of a card through vobject; every other property is left out
# before vobject sees it (X-KITHKIN- ones and TZ are read directly).
_READ = {"VERSION", "N", "FN", "NICKNAME", "EMAIL", "TEL", "URL", "ORG", "TITLE", "BDAY",
         "CATEGORIES", "ADR", "NOTE", "UID"}  # fmt: skip
_SURROGATES = re.compile("[\udc80-\udcff]")


def _strip_binary(card: str, warn: list[str]) -> tuple[str, str | None, dict[str, str], str]:
    """The card as vobject should see it (values decoded, only what kithkin reads),
    its photo, its ``X-KITHKIN-`` values, and every property but binary ones (what a
    card without a UID is recognised by)."""
    kept: list[str] = []
    whole: list[str] = []  # every property but binary ones: the fingerprint's basis
    photo: str | None = None
    extra: dict[str, str] = {}
    for line in _logical(card):
        name = line.split(":", 1)[0].split(";", 1)[0].split(".")[-1].upper()
        if name in _BINARY:
            if name == "PHOTO" and photo is None:
                photo = _photo(line, warn)
            continue
        if name == "FBURL":
            continue  # Outlook writes undecodable garbage here
        head, sep, value = line.partition(":")
        if name.startswith("X-KITHKIN-") and sep:
            extra.setdefault(name[len("X-KITHKIN-") :], _unescape(value))
            continue
        if name == "TZ" and sep and "/" in value:  # an IANA name, not a bare UTC offset
            extra.setdefault("TIME-ZONE", _unescape(value))
        if "QUOTED-PRINTABLE" in head.upper():
            line = _unqp(head, value, warn)
        elif "CHARSET=" in head.upper() or _SURROGATES.search(value):
            line = _eight_bit(head, value, warn)
        elif name == "FN" and sep:
            # vobject cuts a 3.0 FN at an unescaped comma (Gmail writes them).
            line = head + ":" + re.sub(r"(?<!\\),", r"\\,", value)
        whole.append(line)
        if name == "X-SOCIALPROFILE" and sep:
            # Apple Contacts and iCloud keep a LinkedIn (or other) profile here, not in
            # URL: the address is one of the person's URLs (``x-apple:user`` is none).
            url = _unescape(value)
            if url.lower().startswith(("http://", "https://")):
                kept.append("URL:" + url)
            continue
        if name not in _READ and name not in ("BEGIN", "END"):
            continue  # PROFILE, AGENT, SOURCE, LABEL...: never a reason to lose a card
        if "\ufffd" in line:
            warn.append(f"{name}: replacement characters (U+FFFD) in the value")
        kept.append(line)
    return "\n".join(kept) + "\n", photo, extra, "\n".join(whole) + "\n"


def _unescape(value: str) -> str:
    return (
        value.replace("\\n", "\n").replace("\\N", "\n").replace("\\,", ",")
        .replace("\\;", ";").replace("\\\\", "\\").strip()
    )  # fmt: skip


_SPACES = re.compile(r"\s+")


def _text(value: Any) -> str:
    if isinstance(value, list):
        return ", ".join(_text(v) for v in value if _text(v))
    if isinstance(value, bytes):
        return value.decode("utf-8", errors="replace")
    return _SPACES.sub(" ", str(value)).strip()


def _all(card: Any, name: str) -> list[Any]:
    return list(card.contents.get(name.lower(), []))


def _first(card: Any, name: str) -> str:
    for prop in _all(card, name):
        v = _text(prop.value)
        if v:
            return v
    return ""


def _tel(value: str) -> str:
    v = value.strip()
    if v.lower().startswith("tel:"):
        v = v[4:]
    return v.split(";", 1)[0]


def _categories(card: Any, own: bool = False) -> list[str]:
    """The card's categories. Thunderbird escapes the separators ("a\\, b"): they still
    separate, except on kithkin's own cards (``own``), where an escaped comma is one in
    the tag, as RFC 6350 says."""
    out: list[str] = []
    for prop in _all(card, "categories"):
        values = prop.value if isinstance(prop.value, list) else [prop.value]
        for v in values:
            if own:
                out.extend(t for t in (str(v).strip(),) if t)
                continue
            out.extend(p.strip() for p in re.split(r"\\?,", str(v)) if p.strip())
    return out


def _birthday(card: Any) -> str | None:
    for prop in _all(card, "bday"):
        if "X-APPLE-OMIT-YEAR" in {k.upper() for k in prop.params}:
            b = dates.parse_birthday(str(prop.value))
            return "--" + b[-5:] if b else None
        b = dates.parse_birthday(_text(prop.value))
        if b:
            return b
    return None


def _as_written(vc: Any) -> dict[str, str]:
    """TEL value -> the number as written, as kithkin's own export keeps it."""
    out: dict[str, str] = {}
    for p in _all(vc, "tel"):
        written = p.params.get(AS_WRITTEN) or p.params.get(AS_WRITTEN.lower())
        if written and _text(p.value):
            out[_tel(_text(p.value))] = str(written[0])
    return out


def card_record(card: Card, name: str, warn: list[str]) -> PersonRecord:
    text, photo, extra, whole = _strip_binary(card.text, warn)
    vc = vcard_lines.read(text) or vobject.readOne(text, allowQP=True, ignoreUnreadable=True)
    n = vc.contents.get("n", [None])[0]
    given = family = middle = prefix = suffix = None
    if n is not None and not isinstance(n.value, str):
        given = _text(n.value.given) or None
        family = _text(n.value.family) or None
        middle = _text(n.value.additional) or None
        prefix = _text(n.value.prefix) or None
        suffix = _text(n.value.suffix) or None
    display = _first(vc, "fn") or " ".join(x for x in (given, family) if x)
    org = ""
    for prop in _all(vc, "org"):
        parts = prop.value if isinstance(prop.value, list) else [prop.value]
        org = _text(parts[0]) if parts else ""
        if org:
            break
    urls = [_text(p.value).replace("\\:", ":") for p in _all(vc, "url")]
    adr = vc.contents.get("adr", [None])[0]
    location = None
    country = None
    if adr is not None and not isinstance(adr.value, str):
        country = _text(adr.value.country) or None
        location = (
            ", ".join(
                x
                for x in (_text(adr.value.city), _text(adr.value.region), _text(adr.value.country))
                if x
            )
            or None
        )
    notes = (
        "\n\n".join(
            str(p.value).replace("\r\n", "\n").strip()
            for p in _all(vc, "note")
            if str(p.value).strip()
        )
        or None
    )
    # kithkin's own export (every card carries its tier): one card per person, so two
    # cards of it are never one person, and an escaped comma belongs to the tag.
    own = "TIER" in extra
    uid = _first(vc, "uid")
    if not uid:
        body = re.sub(r"(?im)^(REV|PRODID)[:;].*$", "", whole)
        uid = "vcard-sha1:" + hashlib.sha1(" ".join(body.split()).encode()).hexdigest()[:20]
    return PersonRecord(
        line=card.line,
        display_name=display or None,
        given_name=given,
        family_name=family,
        middle_name=middle,
        name_prefix=prefix,
        name_suffix=suffix,
        nickname=_first(vc, "nickname") or None,
        emails=[_text(p.value) for p in _all(vc, "email") if _text(p.value)],
        phones=[_tel(_text(p.value)) for p in _all(vc, "tel") if _text(p.value)],
        phones_as_written=_as_written(vc),
        urls=[u for u in urls if u],
        org=org or None,
        title=_first(vc, "title") or None,
        birthday=_birthday(vc),
        categories=_categories(vc, own=own),
        notes=notes,
        location=location,
        phone_region=phone_rules.region_of_country(country),
        uid=uid[:300],
        photo=photo,
        file=name,
        connected_on=dates.iso_date(extra.pop("CONNECTED-ON", "")),
        extra={EXTRA[k]: v for k, v in extra.items() if k in EXTRA and v},
        connection=own,
    )


_GROUP = re.compile(r"(?im)^(?:[\w-]+\.)?(?:X-ADDRESSBOOKSERVER-)?KIND:\s*group\s*$")
_FN = re.compile(r"(?im)^(?:[\w-]+\.)?FN(?:;[^:\n]*)?:(.*)$")


def group_name(text: str) -> str | None:
    """The name of a contact group's card (RFC 6350's ``KIND:group``, Apple's
    ``X-ADDRESSBOOKSERVER-KIND:group``), else ``None``: a group is no person."""
    if "KIND" not in text.upper() or not _GROUP.search(text):
        return None
    fn = _FN.search(text)
    return _unescape(fn.group(1)) if fn and fn.group(1).strip() else "unnamed"


def parse(data: bytes, name: str, batch: Batch | None = None, encoding: str | None = None) -> Batch:
    """All cards of one file; a card that cannot be read is skipped with its line."""
    batch = batch or Batch(source=SOURCE)
    try:
        text = textio.decode(data, name, encoding)
    except BadInput:
        if not textio.is_utf8(textio.sniff(data, encoding)):
            raise  # a named encoding, or the UTF-16 its byte-order mark announces
        # Not UTF-8 throughout: 2.1 cards name each value's CHARSET. Undecodable bytes
        # stay as surrogates until their property's charset decodes them.
        text = data.decode("utf-8", errors="surrogateescape").lstrip("\ufeff")
    for card in split_cards(text, name):
        if (group := group_name(card.text)) is not None:
            batch.skipped.append(Skip(card.line, f"contact group ({group}), not a person", name))
            continue
        warn: list[str] = []
        try:
            rec = card_record(card, name, warn)
        except Exception as exc:  # vobject raises many types on broken cards
            batch.skipped.append(Skip(card.line, f"unreadable vCard ({exc})"[:200], name))
            continue
        batch.people.append(rec)
        batch.warnings.extend(f"{name}: line {card.line}: {w}" for w in warn)
    return batch
