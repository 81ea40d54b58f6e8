"""Customer-service triage in plain Python: intent, priority with reasons, vulnerability flags, a summary.

The NLU reading of each message (intent, ranking, entities) is an input, so nothing here imports Rasa:
the triage API (bot/channels/triage_api.py) and `zhaida triage` get it from the trained model.
"""

from bot.triage.triage import Reading, Triage, triage_conversation, triage_message

__all__ = ["Reading", "Triage", "triage_conversation", "triage_message"]
