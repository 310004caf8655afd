"""R4 on the web: logging another ask, from the contact page's form, to someone whose
recent balance already leans to your asks records it and says so, in the words
``kith log`` uses; a give, a neutral touch or their ask of you is not warned of."""

from __future__ import annotations

import re

from webclient import Web

R4 = "R4: your asks to Ann Lee since "
R7 = "R7: Ann Lee is marked do-not-contact; logged anyway"


def _owing(kith) -> str:  # type: ignore[no-untyped-def]
    """Ann, to whom the user has lately only asked (two asks, no give)."""
    cid: str = kith.ok("add", "Ann Lee").stdout.strip()
    for kind in ("favor_ask", "advice_ask"):
        kith.ok("log", cid, "--kind", kind)
    return cid


def _notices(html: str) -> list[str]:
    """The rules' warnings the page shows as notices."""
    return re.findall(r'<p class="chip warn" role="status">([^<]*)</p>', html)


def _logged(web: Web, cid: str, **fields: str) -> str:
    """The page the user lands on after the log form."""
    r = web.form(f"/contacts/{cid}/log", fields)
    assert r.status_code == 303
    page = web.page(r.headers["location"]).text
    assert "Logged. It is on the timeline." in page
    return page


def test_the_log_form_warns_of_another_ask_to_someone_you_owe(web: Web, kith) -> None:
    cid = _owing(kith)
    [notice] = _notices(_logged(web, cid, kind="referral_ask", direction="outbound"))
    # the balance as it now stands, as the page's give-and-ask card counts it
    assert notice.startswith(R4) and "(3) outnumber your gives (0)" in notice
    assert "consider giving first" in notice
    # kith log's own words for the balance as it stands now: the same sentence
    said = kith.ok("log", cid, "--kind", "favor_ask").stderr
    assert notice in " ".join(said.split())
    # the warning is not kept: the page on its own says nothing of it
    assert _notices(web.page(f"/contacts/{cid}").text) == []
    assert len(kith.ok("show", cid, "--json").json()["interactions"]) == 4  # all recorded


def test_a_give_a_neutral_touch_or_their_ask_is_not_warned_of(web: Web, kith) -> None:
    cid = _owing(kith)
    assert _notices(_logged(web, cid, kind="checkin", direction="outbound")) == []
    assert _notices(_logged(web, cid, kind="thanks", direction="outbound")) == []
    assert _notices(_logged(web, cid, kind="favor_ask", direction="inbound")) == []
    assert len(kith.ok("show", cid, "--json").json()["interactions"]) == 5


def test_a_link_cannot_make_the_page_warn_of_a_balance_that_does_not_lean(web: Web, kith) -> None:
    cid = kith.ok("add", "Bea Even").stdout.strip()
    kith.ok("log", cid, "--kind", "shared_article")
    for warn in ("r4", "r4,r7", "R4"):
        assert _notices(web.page(f"/contacts/{cid}?saved=log&warn={warn}").text) == []
    # a first ask to someone even is not warned of, as kith log does not warn of it
    assert _notices(_logged(web, cid, kind="advice_ask", direction="outbound")) == []


def test_both_warnings_when_both_apply(web: Web, kith) -> None:
    cid = _owing(kith)
    kith.ok("edit", cid, "--do-not-contact")
    notices = _notices(_logged(web, cid, kind="referral_ask", direction="outbound"))
    assert [n[:20] for n in notices] == [R4[:20], R7[:20]]  # in kith log's order
    assert notices[1].startswith(R7)
