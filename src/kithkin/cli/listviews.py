"""How ``kith list``, ``kith who`` and ``kith dupes`` word their rows as text.

One home for the wording, loading nothing of the application: the commands
(:mod:`kithkin.cli.contacts`, :mod:`kithkin.cli.who`, :mod:`kithkin.cli.importing`)
and the kept answers printed before the application loads
(:mod:`kithkin.cli.quicklists`) print the same lines from the same rows.
"""

from __future__ import annotations

from typing import Any

from kithkin.core.wording import count

LIST_HEADERS = ("id", "name", "org", "title", "tier", "email")
LIMIT_MAX = 1_000_000_000  # --limit, --offset: beyond any network; a 64-bit integer


def list_title(total: int, offset: int, shown: int) -> str:
    """``3 contacts``, ``1-50 of 3,000 contacts`` or ``0 of 3 contacts``."""
    title = count(total, "contact")
    if not shown and total:
        return f"0 of {title}"
    if shown < total:
        return f"{offset + 1:,}-{offset + shown:,} of {title}"
    return title


def list_cells(rows: list[dict[str, Any]]) -> list[list[str]]:
    """The cells of :data:`LIST_HEADERS` of each row of ``kith list --json``."""
    return [
        [str(r["id"]), r["name"], r["org"] or "", r["title"] or "", r["tier"] or "",
         r["emails"][0] if r["emails"] else ""]
        for r in rows
    ]  # fmt: skip


def who_lines(rows: list[dict[str, Any]]) -> list[str]:
    """``kith who``'s lines for the rows of ``kith who --json`` (some rows)."""
    rehire = {r["org"]: r["rehire_eligible"] for r in rows if r["you_worked_there"]}
    lines = [f"You worked at {name}: rehire eligible: {answer}" for name, answer in rehire.items()]
    for r in rows:
        span = "now" if r["status"] == "current" else f"until {r['until'] or '?'}"
        lines.append(
            f"{r['name']} #{r['contact_id']}  {r['title'] or ''} at "
            f"{r['org']} ({r['status']}, {span})  strength {r['strength']}"
        )
        h = r["shared_history"]
        bits = [
            f"worked together at {w['org']} {w['from'] or '?'} – {w['to'] or 'now'}"
            for w in h["worked_together"]
        ]
        if h["ties"]:
            bits.append("your " + "/".join(h["ties"]))
        if h["interactions"]:
            bits.append(f"{count(h['interactions'], 'interaction')}, last {h['last_touch']}")
        if bits:
            lines.append("    " + "; ".join(bits))
        p = r["warmest_path"]
        if not p["direct"]:
            lines.append(
                f"    warmest path: via {p['name']} #{p['contact_id']} "
                f"(worked together at {p['org']}, strength {p['strength']})"
            )
    return lines


def dupe_lines(pairs: list[dict[str, Any]]) -> list[str]:
    """``kith dupes``'s lines for the pairs of ``kith dupes --json`` (some pairs)."""
    lines = [
        f"#{p['a']['id']} {p['a']['name']} ({p['a']['org'] or '-'})  ~  "
        f"#{p['b']['id']} {p['b']['name']} ({p['b']['org'] or '-'})  "
        f"[{p['score']}: {p['reason']}]  kith merge {p['a']['id']} {p['b']['id']}"
        for p in pairs
    ]
    lines.append("two different people? `kith distinct A B` stops listing a pair")
    return lines
