"""Helpers the tests import (``from support.paths import ROOT``): pyproject's pytest settings put tests/ on sys.path."""
