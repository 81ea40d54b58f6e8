import shutil
from pathlib import Path

import pytest

from bot import db
from bot.settings import PROJECT_ROOT

KB_DIR = PROJECT_ROOT / "data" / "kb"


@pytest.fixture
def kb_copy(tmp_path) -> Path:
    """A writable copy of data/kb/ to break on purpose."""
    target = tmp_path / "kb"
    shutil.copytree(KB_DIR, target)
    return target


@pytest.fixture
def sqlite_url(tmp_path) -> str:
    url = f"sqlite:///{tmp_path / 'kb.db'}"
    db.create_schema(url)
    return url
