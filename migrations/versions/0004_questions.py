"""Specific questions (data/kb/questions/): paraphrases for retrieval and a grounded answer each.

Revision ID: 0004
Revises: 0003
"""
import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "kb_questions",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("topic", sa.String(64), nullable=False, index=True),
        sa.Column("platform", sa.String(64), sa.ForeignKey("kb_platforms.name")),
        sa.Column("asks", sa.JSON, nullable=False),
        sa.Column("short", sa.Text, nullable=False),
        sa.Column("detail", sa.Text, nullable=False),
        sa.Column("next_steps", sa.JSON, nullable=False),
        sa.Column("related", sa.JSON, nullable=False),
        sa.Column("channels", sa.JSON, nullable=False),
        sa.Column("human", sa.Text),
        sa.Column("claims", sa.JSON, nullable=False),
    )
    op.execute("DELETE FROM kb_meta WHERE key = 'content_version'")


def downgrade():
    op.drop_table("kb_questions")
    op.execute("DELETE FROM kb_meta WHERE key = 'content_version'")
