from alembic import context

import bot.kb.models  # noqa: F401  (registers tables on db.Base)
import bot.tickets  # noqa: F401
from bot import db, settings

url = context.config.attributes.get("url") or settings.database_url()
target_metadata = db.Base.metadata

# Rasa's tracker-store tables share the database; migrations never touch them.
OURS = {"handoff_requests", "tickets", "ticket_log"}


def include_object(obj, name, type_, reflected, compare_to):
    if type_ == "table":
        return name in OURS or name.startswith("kb_")
    return True


with db.engine(url).connect() as connection:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        include_object=include_object,
        render_as_batch=url.startswith("sqlite"),
    )
    with context.begin_transaction():
        context.run_migrations()
    connection.commit()
