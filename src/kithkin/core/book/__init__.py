"""The contact book: people, their jobs and organisations, what happened with them.

Everything here is a stored fact the user (or an import) put there: contacts,
positions and the one shared-job check, organisations, interactions, personal
details (R5), ties (R12), occasions (R9), events (R13) and search. The rules that
read these facts to decide whom to contact live in :mod:`kithkin.core.agenda`.
"""
