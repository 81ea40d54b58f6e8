"""Answer claims: every sentence of an answer with the facts it rests on (bot/kb/grounding.py).

Revision ID: 0003
Revises: 0002
"""
import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("kb_answers") as batch:
        batch.add_column(sa.Column("claims", sa.JSON, nullable=False, server_default="[]"))
    # Stored answers have no claims yet: store the whole KB again on the next `zhaida kb`.
    op.execute("DELETE FROM kb_meta WHERE key = 'content_version'")


def downgrade():
    with op.batch_alter_table("kb_answers") as batch:
        batch.drop_column("claims")
    op.execute("DELETE FROM kb_meta WHERE key = 'content_version'")
