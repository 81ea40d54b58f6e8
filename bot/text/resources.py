"""Where the word lists live.

They stay in bot/nlu/resources/: the tokenizer's jieba dictionary is configured there (config.yml) and
the folder is among the inputs that name a trained model (bot/modelstore.py). Only the path is shared
here; nothing in bot.nlu is imported.
"""

from __future__ import annotations

from pathlib import Path

RESOURCES = Path(__file__).parent.parent / "nlu" / "resources"
PLATFORMS_FILE = RESOURCES / "platforms.yml"
TYPOS_FILE = RESOURCES / "typos.yml"
JIEBA_DICT_DIR = RESOURCES / "jieba"
