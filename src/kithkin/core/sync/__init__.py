"""Sources that keep the history current without typing (issue 16): mailboxes over
IMAP, calendars over CalDAV and published ICS URLs; and the phone's address book over
CardDAV, synced both ways (:mod:`.cards`).

The core holds the rules: which source is which (:mod:`.sources`), how far each
was read (:mod:`.checkpoints`), and what a mail or a calendar object becomes
(:mod:`.mail`, :mod:`.calendar`, with the rules shared with the file importers in
:mod:`kithkin.core.exchange.mail` and :mod:`kithkin.core.exchange.meetings`). The
protocols are adapters outside the core (:mod:`kithkin.remote`), handed in
through the interfaces of :mod:`.ports`.
"""
