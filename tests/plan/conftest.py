import pytest

from bot import db
from bot.kb import content, store
from bot.kb.repository import KnowledgeBase
from bot.settings import PROJECT_ROOT


@pytest.fixture(scope="module")
def kb(tmp_path_factory) -> KnowledgeBase:
    """The real KB from data/kb/, stored in a private SQLite database."""
    url = f"sqlite:///{tmp_path_factory.mktemp('kb') / 'kb.db'}"
    db.create_schema(url)
    store.sync(content.load(PROJECT_ROOT / "data" / "kb"), url)
    return KnowledgeBase(url)
