"""Hand-over tickets replace handoff_requests; each request becomes a ticket (P3, opened at the user's request).

Revision ID: 0005
Revises: 0004
"""
import json

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "tickets",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("conversation_id", sa.String(255), nullable=False),
        sa.Column("channel", sa.String(32), nullable=False),
        sa.Column("priority", sa.String(2), nullable=False),
        sa.Column("category", sa.String(64)),
        sa.Column("reasons", sa.Text, nullable=False),
        sa.Column("flags", sa.Text, nullable=False),
        sa.Column("summary", sa.Text, nullable=False),
        sa.Column("transcript", sa.Text, nullable=False),
        sa.Column("slots", sa.Text, nullable=False),
        sa.Column("opened_because", sa.String(32), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("agent", sa.String(64)),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_tickets_conversation_id", "tickets", ["conversation_id"])
    op.create_index("ix_tickets_status", "tickets", ["status"])
    op.create_table(
        "ticket_log",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("ticket_id", sa.Integer, sa.ForeignKey("tickets.id"), nullable=False),
        sa.Column("actor", sa.String(64), nullable=False),
        sa.Column("action", sa.String(32), nullable=False),
        sa.Column("detail", sa.Text, nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_ticket_log_ticket_id", "ticket_log", ["ticket_id"])
    connection = op.get_bind()
    old = connection.execute(
        sa.text("SELECT id, conversation_id, intent, summary, status, created_at FROM handoff_requests ORDER BY id")
    ).fetchall()
    tickets = sa.table(
        "tickets",
        *(sa.column(c) for c in ("id", "conversation_id", "channel", "priority", "category", "reasons", "flags",
                                 "summary", "transcript", "slots", "opened_because", "status", "created_at",
                                 "updated_at")),
    )
    log = sa.table("ticket_log", *(sa.column(c) for c in ("ticket_id", "actor", "action", "detail", "at")))
    for row in old:
        said = [{"from": "user", "text": line, "at": None} for line in (row.summary or "").splitlines() if line]
        connection.execute(
            tickets.insert().values(
                id=row.id, conversation_id=row.conversation_id, channel="", priority="P3", category=row.intent,
                reasons="[]", flags="[]", summary=row.summary or "", transcript=json.dumps(said, ensure_ascii=False),
                slots="{}", opened_because="user_request", status=row.status, created_at=row.created_at,
                updated_at=row.created_at,
            )
        )
        connection.execute(log.insert().values(ticket_id=row.id, actor="migration", action="migrated",
                                               detail="handoff_requests", at=row.created_at))
    if connection.dialect.name == "postgresql" and old:  # ids were copied: the sequence must follow them
        connection.execute(sa.text("SELECT setval('tickets_id_seq', (SELECT MAX(id) FROM tickets))"))
    op.drop_index("ix_handoff_requests_conversation_id", table_name="handoff_requests")
    op.drop_table("handoff_requests")


def downgrade():
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
    op.execute(
        "INSERT INTO handoff_requests (id, conversation_id, intent, summary, status, created_at) "
        "SELECT id, conversation_id, category, summary, status, created_at FROM tickets"
    )
    op.drop_table("ticket_log")
    op.drop_table("tickets")
