"""Data in and out: import records, the one import service, matching and merging
people, the JSON backup, and the rows behind vCard and CSV exports.
"""
