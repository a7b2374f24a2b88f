"""The vocabulary every layer shares: the data model of plans, targets and reported values (models.py), results
and verdicts (results.py), the summary view's records (summary_view.py), the engine's sentences (messages.py) and
the labels (i18n.py) in Chinese and English, units, exact numbers, and the errors a user sees.

The bottom layer: imports nothing from the rest of checker; every other layer may import it.
"""
