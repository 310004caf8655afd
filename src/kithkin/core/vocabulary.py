"""The vocabulary of the domain: channels, kinds of interaction, tiers, ties.

These catalogues are the public contract of ``kith log --kind``/``--channel`` and
of the JSON the faces print, so values are only ever added, never renamed.
"""

from __future__ import annotations

from enum import StrEnum


class Channel(StrEnum):
    EMAIL = "email"
    CALL = "call"
    VIDEO = "video"
    MEETING = "meeting"
    MESSAGE = "message"
    LINKEDIN = "linkedin"
    SOCIAL = "social"
    EVENT = "event"
    LETTER = "letter"


# R7: a call, a video call, a meeting or an event is a conversation by nature: whichever
# way it went, both sides spoke, so it answers any open outreach. Only the other channels
# (email, message, LinkedIn message, letter, social) are one-way and wait for a reply.
# Health weighs these as the deepest touches too.
TWO_WAY_CHANNELS: frozenset[str] = frozenset(
    {Channel.CALL.value, Channel.VIDEO.value, Channel.MEETING.value, Channel.EVENT.value}
)


class Direction(StrEnum):
    OUTBOUND = "outbound"
    INBOUND = "inbound"


class Nature(StrEnum):
    """R4: which way an interaction goes in the give/ask balance."""

    GIVE = "give"
    ASK = "ask"
    NEUTRAL = "neutral"


# R10: a mail source's light touch of the people copied (Cc) on a message to you.
CC_KIND = "cc"

# R4: `--kind` names what happened; the core knows which way it goes.
KINDS: dict[str, Nature] = {
    "checkin": Nature.NEUTRAL,
    "catchup": Nature.NEUTRAL,
    "like": Nature.NEUTRAL,
    "comment": Nature.NEUTRAL,
    CC_KIND: Nature.NEUTRAL,  # copied on a message to you (mail sources)
    "congrats": Nature.GIVE,
    "thanks": Nature.GIVE,
    "shared_lead": Nature.GIVE,
    "shared_article": Nature.GIVE,
    "intro": Nature.GIVE,
    "help": Nature.GIVE,
    "reference_given": Nature.GIVE,
    "referral_ask": Nature.ASK,
    "reference_ask": Nature.ASK,
    "advice_ask": Nature.ASK,
    "favor_ask": Nature.ASK,
}

# R10: light touches keep someone on the radar but are not conversations; being
# copied (Cc) on a message someone else sent you is one too.
LIGHT_KINDS = frozenset({"like", "comment", CC_KIND})


class Tier(StrEnum):
    CLOSE = "close"
    REGULAR = "regular"
    WIDE = "wide"
    NONE = "none"


# R2: default cadence of each tier, in days; tier `none` is not tracked.
TIER_CADENCE: dict[str, int | None] = {
    Tier.CLOSE: 30,
    Tier.REGULAR: 60,
    Tier.WIDE: 120,
    Tier.NONE: None,
}


class Tie(StrEnum):
    """R12: the type of tie to the user; it has a history."""

    COLLEAGUE = "colleague"
    MANAGER = "manager"
    REPORT = "report"
    MENTOR = "mentor"
    MENTEE = "mentee"
    CLIENT = "client"
    RECRUITER = "recruiter"
    FRIEND = "friend"


class DetailCategory(StrEnum):
    """R5: what kind of personal fact a detail is."""

    FAMILY = "family"
    INTEREST = "interest"
    HOBBY = "hobby"
    VACATION = "vacation"
    SKILL = "skill"
    OTHER = "other"


class OccasionKind(StrEnum):
    """R9: reasons to congratulate."""

    NEW_ROLE = "new_role"
    PROMOTION = "promotion"
    ACHIEVEMENT = "achievement"
    ANNIVERSARY = "anniversary"
