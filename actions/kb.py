"""The one knowledge-base reader the action server shares (it caches a snapshot)."""

from bot.kb.repository import KnowledgeBase

KB = KnowledgeBase()
