"""The demo data's literal tables, read by ``seed_data.py`` (which creates the rows).

Dates in the tables are ISO strings (fixed) or ints (days relative to the day of seeding).
"""

#: the change of the LVB delegate in the PG Elektromobilität: days relative to today
DELEGATE_CHANGE = -182
