"""Guides: KB texts outside the topic answers (data/kb/guides.yml).

Revision ID: 0002
Revises: 0001
"""
import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "kb_guides",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("lines", sa.JSON, nullable=False),
        sa.Column("facts", sa.JSON, nullable=False),
    )


def downgrade():
    op.drop_table("kb_guides")
    # The stored content version counted the guides just dropped: forget it, so that the
    # next `zhaida kb` (or a later upgrade followed by one) stores the whole KB again.
    op.execute("DELETE FROM kb_meta WHERE key = 'content_version'")
