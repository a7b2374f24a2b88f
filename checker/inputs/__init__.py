"""Reading what a run is given: YAML, CSV and Excel files read safely with positions (yamlio, yaml_parser,
readers), plans, rule sets and the catalogue loaded and checked (loading, plan_table), reported values per district
and year (data_store), data files validated (validate), and the on-disk cache of loaded files (cache).

May import domain (and the package's version, for cache keys); never engine or anything above it.
"""
