# The Rasa server imports our channels at start-up (credentials.yml): the place to fix its hot path
# and close the doors it leaves open, before it builds its app and agent.
from bot import rasa_hardening, rasa_speedups

rasa_speedups.apply()
rasa_hardening.apply()
