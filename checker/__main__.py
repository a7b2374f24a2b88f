"""Allow ``python -m checker``."""

from checker.cli.main import main

main()
