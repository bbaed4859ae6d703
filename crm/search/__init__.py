"""Search helpers every list uses: the one normaliser, fuzzy matching, merging duplicates,
and the pages organisations and people share (``records``: list, create with the duplicates
check, locked edit, archive and restore).

No pages of its own: the global search page ``/search`` reads every feature, so it lives in
``crm.main`` (``crm/main/search.py``).
"""
