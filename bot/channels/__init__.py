# The Rasa server imports our channels at start-up (credentials.yml): the place to fix its hot path.
from bot import rasa_speedups

rasa_speedups.apply()
