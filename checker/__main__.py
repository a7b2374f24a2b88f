"""Allow ``python -m checker``."""

from checker.cli.launch import main

main()
