"""Serial letters (DIN 5008 form B) and address labels as PDF, rendered by WeasyPrint.

The package takes rows (any objects with the names and address of a person) and returns
PDF bytes; the exports feed it from a contact list or a saved list. Its settings are
configuration values (``LETTER_*``, ``LETTERHEAD_*``; see the README).
"""
