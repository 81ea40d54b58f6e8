"""Repayment arithmetic: overdue cost, repayment plans, affordability, interest legality.

Plain Python with `decimal`; every figure is rounded to the fen (0.01 yuan) so
that a schedule adds up exactly. No Rasa imports.
"""
