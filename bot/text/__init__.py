"""Reading Chinese text: plain Python (no Rasa, no spaCy), shared by the NLU components, the planner and the KB.

- normalize.py   the canonical form of a message (script, width, masks, typos, length)
- numerals.py    the one numeral grammar: 两万三, 2w5, 1.5万, 一点五万, 二十三; ranges (两三) and signs
- quantities.py  money in yuan and lengths of time in days, with approximations (五千出头) and vague forms (几千)
- rates.py       daily rates from 万五, 万分之五, 千分之一, 0.05%, 年化18%
- platforms.py   platform names, aliases and typos → canonical names
- resources.py   where the word lists live (bot/nlu/resources/, part of the trained model's inputs)
"""
