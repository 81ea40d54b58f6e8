"""The knowledge base: sourced facts, answers per topic and platform, platforms, help channels.

Plain Python and SQLAlchemy; no Rasa. Content is YAML under data/kb/ (content.py),
stored in the database (store.py) and read by the action server (repository.py).
"""
