"""Hand-over requests and the knowledge base.

Revision ID: 0001
Revises:
"""
import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "handoff_requests",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("conversation_id", sa.String(255), nullable=False),
        sa.Column("intent", sa.String(64)),
        sa.Column("summary", sa.Text, nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_handoff_requests_conversation_id", "handoff_requests", ["conversation_id"])
    op.create_table(
        "kb_facts",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("statement", sa.Text, nullable=False),
        sa.Column("source_title", sa.String(200), nullable=False),
        sa.Column("source_article", sa.String(64)),
        sa.Column("source_number", sa.String(100)),
        sa.Column("source_issuer", sa.String(200)),
        sa.Column("source_date", sa.String(32)),
        sa.Column("source_kind", sa.String(16), nullable=False),
        sa.Column("confidence", sa.String(16), nullable=False),
        sa.Column("as_of", sa.Date, nullable=False),
        sa.Column("url", sa.Text),
    )
    op.create_table(
        "kb_channels",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("contact", sa.String(200), nullable=False),
        sa.Column("purpose", sa.Text, nullable=False),
        sa.Column("facts", sa.JSON, nullable=False),
    )
    op.create_table(
        "kb_platforms",
        sa.Column("name", sa.String(64), primary_key=True),
        sa.Column("product_type", sa.String(32), nullable=False),
        sa.Column("lender", sa.String(200)),
        sa.Column("lender_fact", sa.String(64), sa.ForeignKey("kb_facts.id")),
        sa.Column("repayment_day", sa.String(200)),
        sa.Column("repayment_day_fact", sa.String(64), sa.ForeignKey("kb_facts.id")),
        sa.Column("overdue_daily_rate", sa.String(16)),
        sa.Column("overdue_rate_note", sa.Text),
        sa.Column("overdue_rate_fact", sa.String(64), sa.ForeignKey("kb_facts.id")),
        sa.Column("official_channels", sa.JSON, nullable=False),
    )
    op.create_table(
        "kb_platform_aliases",
        sa.Column("alias", sa.String(64), primary_key=True),
        sa.Column("platform", sa.String(64), sa.ForeignKey("kb_platforms.name", ondelete="CASCADE"), nullable=False),
    )
    op.create_table(
        "kb_answers",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("intent", sa.String(64), nullable=False),
        sa.Column("platform", sa.String(64), sa.ForeignKey("kb_platforms.name")),
        sa.Column("short", sa.Text, nullable=False),
        sa.Column("detail", sa.Text, nullable=False),
        sa.Column("next_steps", sa.JSON, nullable=False),
        sa.Column("related", sa.JSON, nullable=False),
        sa.Column("channels", sa.JSON, nullable=False),
        sa.Column("human", sa.Text),
        sa.Column("ask", sa.String(32)),
        sa.Column("by_notice_kind", sa.JSON, nullable=False),
        sa.UniqueConstraint("intent", "platform", name="uq_kb_answers_intent_platform"),
    )
    op.create_index("ix_kb_answers_intent", "kb_answers", ["intent"])
    op.create_table(
        "kb_answer_facts",
        sa.Column("answer_id", sa.Integer, sa.ForeignKey("kb_answers.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("fact_id", sa.String(64), sa.ForeignKey("kb_facts.id"), primary_key=True),
        sa.Column("position", sa.Integer, nullable=False),
    )
    op.create_table(
        "kb_meta",
        sa.Column("key", sa.String(64), primary_key=True),
        sa.Column("value", sa.Text, nullable=False),
    )


def downgrade():
    for table in ("kb_meta", "kb_answer_facts", "kb_answers", "kb_platform_aliases", "kb_platforms", "kb_channels",
                  "kb_facts"):
        op.drop_table(table)
    op.drop_index("ix_handoff_requests_conversation_id", "handoff_requests")
    op.drop_table("handoff_requests")
