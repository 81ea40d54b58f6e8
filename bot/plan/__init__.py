"""Repayment-planning conversation: reading the form's facts from free Chinese text."""
