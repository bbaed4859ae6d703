"""PostgreSQL: the word-similarity test of pg_trgm costed as what it is

The planner takes ``'gross' <% search_text`` for as cheap per row as ``=`` (pg_trgm declares
no cost), so it scanned all 20,000 organisations testing it row by row (270 ms for the global
search "gross") instead of reading the trigram GIN index (37 ms). ``COST 100`` on the two
operator functions makes it choose the index. Where the app's database user does not own
the extension (a DBA created it), nothing changes and a notice says so.

Revision ID: f4b2a7c9d831
Revises: e5b9c3d1f724
Create Date: 2026-12-04 19:40:00.000000

"""

from alembic import op

# revision identifiers, used by Alembic.
revision = "f4b2a7c9d831"
down_revision = "e5b9c3d1f724"
branch_labels = None
depends_on = None

_ALTER = """
DO $$
BEGIN
    ALTER FUNCTION word_similarity_op(text, text) COST {cost};
    ALTER FUNCTION word_similarity_commutator_op(text, text) COST {cost};
EXCEPTION WHEN insufficient_privilege THEN
    RAISE NOTICE 'pg_trgm belongs to another user: word similarity keeps its cost';
END
$$
"""


def upgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.execute(_ALTER.format(cost=100))


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.execute(_ALTER.format(cost=1))
