"""Search helpers every list uses: the one normaliser, fuzzy matching, merging duplicates.

No pages of its own: the global search page ``/search`` reads every feature, so it lives in
``crm.main`` (``crm/main/search.py``).
"""
