"""Output formats: the registry (registry.py) names every format and what it renders; a module per format (table,
text, json, ci, html, markdown, xlsx, data_files) renders each subject it supports (a run, summary, trend, diff,
lint findings, validation results, a plan's indicators, a template); wording.py holds the words they share.

May import views, lint, engine, inputs and domain; never cli.
"""
