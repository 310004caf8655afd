"""The agenda where the user already looks: a calendar feed and an email digest (issue 15).

Nothing here decides whom to contact: every entry comes from the agenda's own
stable plan (:func:`kithkin.core.agenda.planner.plan_days`); these modules only
put it in words (:mod:`.entries`), in iCalendar (:mod:`.feed`), behind a secret
address (:mod:`.tokens`) and in a mail (:mod:`.digest`).
"""
