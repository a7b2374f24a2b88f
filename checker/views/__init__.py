"""What the commands show besides a run report, as data for the formats: the summary matrix (summary.py), a
district's trend over years (trend.py), the diff of two JSON reports (diff.py), a plan's indicators
(indicators.py), the template to fill in (template.py), and the grouping and target texts the run reports share
(grouping.py, target_text.py). Data only: checker.formats renders it.

May import engine, inputs and domain; never lint (its peer), formats or cli.
"""
