"""Evaluation: one rule per kind of target (rules.py), the engine that applies a plan's targets and the higher
levels' floors to a district's reported values (engine.py), a run over the districts asked for (run.py), and the
columnar path that gives ``check summary`` over large tables in polars (bulk.py).

May import inputs and domain; never views, lint, formats or cli.
"""
