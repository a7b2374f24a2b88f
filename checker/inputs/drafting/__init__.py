"""Drafting plans and reported values from the documents themselves (``check import``).

layout: a document's sections, running text and tables; phrases: the figures and target phrases of a cell or a
sentence; matching: printed names against the catalogue; tables: 专栏 indicator tables and project tables;
text: targets in running text; plan and values: the drafts, which checker.formats.drafts writes as YAML.
Everything the drafts are unsure of carries a reason for review.
"""
