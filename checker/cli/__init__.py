"""The command line: ``check`` and its commands (main.py), the views' and lint's commands (views.py, lint.py, loaded
on first use), the options they share (options.py, each declared once) and atomic file output (files.py).

The top layer: may import every other; nothing imports it.
"""
