"""The engine over whole plans, as the command line shows it: floors from higher levels, projects, info rows.
(The engine itself over the test world: tests/unit/test_engine_plans.py.)"""

from __future__ import annotations

from support.cli import Cli
from support.paths import WORLD


def test_the_cli_shows_floors_projects_and_info(cli: Cli) -> None:
    args = [
        "--year",
        "2024",
        "town",
        "--plans",
        str(WORLD / "plans"),
        "--rules",
        str(WORLD / "rules"),
        "--data",
        str(WORLD / "data"),
    ]
    result = cli(*args, "--show", "all", "--lang", "en")
    assert result.exit_code == 1
    out = result.stdout
    assert "[national] ≥ 78.9" in out and "78.5 < 78.7 (milestone)" in out  # a floor breached
    assert "15000 ≥ 1.4 万U (target)" in out  # a target in another unit says its unit
    assert "区人民医院新院" in out and "on the way to" in out and "reported; no target applies" in out
    data = cli(*args, "--format", "json").json()
    floor = data["districts"][0]["indicators"][0]["targets"][1]
    assert floor["floor"] is True and floor["level"] == "national" and floor["source"]["verified"] is False
