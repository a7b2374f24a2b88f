"""``check import plan|values``: the drafts of the seed documents load, lint with errors only on lines marked for
review, validate, and give the hand-encoded plan's verdicts; a .docx goes through the same way; hostile or unreadable
documents exit 2 with a clear message."""

from __future__ import annotations

import io
import shutil
import zipfile
from collections import Counter
from pathlib import Path
from typing import Any

import docx
import pytest
import yaml
from seeds import SEEDS, require_seeds
from support.cli import Cli
from support.paths import ROOT

PLANS = {
    "rongchang": "004_55ced2cde3b8db9d.txt",
    "beibei": "003_2557debb93cc6d87.txt",
    "yubei": "001_8269fc573df6d901.txt",
}


def _import_plan(cli: Cli, tmp_path: Path, plan_id: str) -> tuple[Path, Path, str]:
    require_seeds(SEEDS / PLANS[plan_id])
    draft, catalogue = tmp_path / f"{plan_id}.yaml", tmp_path / f"{plan_id}-catalogue.yaml"
    result = cli(
        "import",
        "plan",
        str(SEEDS / PLANS[plan_id]),
        "--id",
        plan_id,
        "--output",
        str(draft),
        "--catalogue-output",
        str(catalogue),
    )
    assert result.exit_code == 0, result.stderr
    return draft, catalogue, result.stderr


@pytest.mark.parametrize("plan_id", list(PLANS))
def test_the_draft_of_a_seed_plan_loads_and_lints_but_for_its_review_notes(
    cli: Cli, tmp_path: Path, plan_id: str
) -> None:
    from checker.domain.models import Catalogue
    from checker.inputs.loading import load_catalogue, load_plan

    draft, catalogue, stderr = _import_plan(cli, tmp_path, plan_id)
    assert f"{PLANS[plan_id]}: " in stderr and "tables" in stderr and "marked for review" in stderr
    loaded = load_plan(draft, load_catalogue())
    assert loaded.id == plan_id and loaded.plan.indicators
    Catalogue.model_validate(yaml.safe_load(catalogue.read_text(encoding="utf-8")))
    result = cli("lint", str(draft), "--format", "json")
    assert result.exit_code in (0, 1), result.stderr
    lines = draft.read_text(encoding="utf-8").splitlines()
    for finding in result.json():
        if finding["severity"] in ("error", "warning") and not finding["waived"]:
            assert "review:" in lines[finding["line"] - 1], finding


def test_every_target_cites_its_place_and_line(cli: Cli, tmp_path: Path) -> None:
    draft, _, _ = _import_plan(cli, tmp_path, "rongchang")
    text = draft.read_text(encoding="utf-8")
    plan = yaml.safe_load(text)
    targets = [t for ind in plan["indicators"] for t in ind["targets"]]
    targets += [t for p in plan["projects"] for t in p["targets"]]
    assert len(targets) > 100
    for target in targets:
        source = target["source"]
        assert source["document"] == PLANS["rongchang"] and source["section"]
    sources = [line for line in text.splitlines() if line.strip().startswith("source:")]
    assert all("# line " in line for line in sources)
    life = next(ind for ind in plan["indicators"] if ind["indicator"] == "life_expectancy")
    assert life["baseline"] == {"year": 2020, "value": 78.18}
    assert life["targets"][0]["source"] == {
        "document": PLANS["rongchang"],
        "section": "专栏1",
        "item": "1",
        "quote": "健康水平 1 人均预期寿命(岁) 78.18 79.3 预期性",
    }
    # what the draft guessed is marked: the inferred operator of a bare 79.3, the % printed for a ‰ rate
    assert "operator inferred" in text and "check which unit the figures are in" in text


def test_the_draft_gives_the_verdicts_of_the_hand_encoded_plan(cli: Cli, tmp_path: Path) -> None:
    """check --year 2024 on the draft: every target it shares with plans/rongchang.yaml gets the same verdict."""
    draft, _, _ = _import_plan(cli, tmp_path, "rongchang")
    plans = tmp_path / "plans"
    plans.mkdir()
    for plan in (ROOT / "plans").glob("*.yaml"):
        shutil.copy(plan, plans / plan.name)
    shutil.copy(draft, plans / "rongchang.yaml")

    def verdicts(*args: str) -> dict[tuple[Any, ...], list[str]]:
        result = cli("--year", "2024", "rongchang", "--format", "json", "--fail-on", "never", *args)
        assert result.exit_code == 0, result.stderr
        found: dict[tuple[Any, ...], list[str]] = {}
        for indicator in result.json()["districts"][0]["indicators"]:
            for t in indicator["targets"]:
                if not t["floor"]:
                    key = (indicator["id"], t["kind"], t["target"], t["low"], t["high"], t["op"], t["nature"])
                    found.setdefault(key, []).append(f"{t['status']} {t['reason']}")
        return found

    drafted, hand = verdicts("--plans", str(plans)), verdicts()
    shared = [key for key in drafted if key in hand]
    assert len(shared) > 80
    for key in shared:  # the same verdicts, as many as both have (the draft may find a target twice)
        same = Counter(drafted[key]) & Counter(hand[key])
        assert sum(same.values()) == min(len(drafted[key]), len(hand[key])), (key, drafted[key], hand[key])


def test_values_drafted_from_a_reply_validate(cli: Cli, tmp_path: Path) -> None:
    require_seeds(SEEDS / "000_c18186f6328144cd.txt")
    output = tmp_path / "yubei.yaml"
    result = cli(
        "import", "values", str(SEEDS / "000_c18186f6328144cd.txt"), "--district", "yubei", "--year", "2024",
        "--output", str(output),
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert "values matched to the catalogue" in result.stderr
    data = yaml.safe_load(output.read_text(encoding="utf-8"))
    assert (data["district"], data["year"]) == ("yubei", 2024)
    values = data["values"]
    assert str(values["biomedical_above_scale_output"]["value"]) == "54.3"
    assert values["ehr_residents"] == {  # 148万 居民, converted into the catalogue's 人
        "value": 1480000,
        "unit": "人",
        "source": values["ehr_residents"]["source"],
        "note": "printed 148万人, converted to 人",
    }
    assert all(v["source"].startswith("000_c18186f6328144cd.txt: ") for v in values.values())
    checked = cli("validate", str(output))
    assert checked.exit_code == 0, checked.stdout + checked.stderr


def test_a_docx_plan_through_the_command_line(cli: Cli, tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("重庆市示范区卫生健康委员会文件")
    document.add_paragraph("示范卫健〔2025〕1号")
    document.add_paragraph("2025年全区卫生健康工作要点")
    document.add_paragraph("专栏1 主要指标")
    table = document.add_table(rows=3, cols=5)
    for r, row in enumerate(
        [
            ["序号", "指标", "基期值", "目标值", "指标性质"],
            ["1", "人均预期寿命（岁）", "78.5", "≥79", "预期性"],
            ["2", "孕产妇死亡率（/10万）", "5", "≤10", "约束性"],
        ]
    ):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    document.add_paragraph("1.提升健康素养。居民健康素养水平提升至 35%，区域内就诊率达90%以上。")
    path = tmp_path / "plan.docx"
    document.save(path)
    result = cli("import", "plan", str(path), "--id", "shifan")
    assert result.exit_code == 0, result.stderr
    plan = yaml.safe_load(result.stdout)
    assert plan["plan"]["kind"] == "annual" and plan["plan"]["number"] == "示范卫健〔2025〕1号"
    found = {(ind["indicator"], t["op"], str(t["value"])) for ind in plan["indicators"] for t in ind["targets"]}
    assert {("life_expectancy", ">=", "79"), ("maternal_mortality", "<=", "10")} <= found
    assert {("health_literacy", ">=", "35"), ("regional_visit_rate", ">=", "90")} <= found
    assert "# paragraph " in result.stdout


def _zip_bomb(path: Path) -> Path:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive, archive.open("word/document.xml", "w") as part:
        for _ in range(20):
            part.write(b"\0" * (1024 * 1024))
    path.write_bytes(buffer.getvalue())
    return path


def _huge(path: Path) -> Path:
    from checker.inputs.documents import MAX_TEXT_BYTES

    with open(path, "wb") as handle:
        handle.truncate(MAX_TEXT_BYTES + 1)
    return path


def _binary(path: Path) -> Path:
    path.write_bytes(bytes(range(256)) * 16)
    return path


@pytest.mark.parametrize(
    ("make", "name", "message"),
    [
        (_zip_bomb, "bomb.docx", "a zip bomb or a damaged file"),
        (_huge, "huge.txt", "larger than the limit"),
        (_binary, "image.txt", "it is binary"),
        (lambda p: p, "missing.txt", "cannot read file"),
    ],
    ids=["zip-bomb", "huge", "binary", "missing"],
)
@pytest.mark.parametrize("command", ["plan", "values"])
def test_a_hostile_or_missing_document_exits_2_with_a_clear_message(
    cli: Cli, tmp_path: Path, make: Any, name: str, message: str, command: str
) -> None:
    path = make(tmp_path / name)
    options = ["--id", "x"] if command == "plan" else ["--district", "x", "--year", "2024"]
    result = cli("import", command, str(path), *options)
    assert result.exit_code == 2
    assert message in result.stderr and "Traceback" not in result.stderr
    assert result.stderr.startswith("error: ")


def test_a_bad_id_is_a_usage_error(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "plan.txt"
    path.write_text("专栏1\n", encoding="utf-8")
    result = cli("import", "plan", str(path), "--id", "Rong Chang")
    assert result.exit_code == 2 and "is not a plan id" in result.stderr


def test_the_commands_are_listed(cli: Cli) -> None:
    result = cli("import", "--help")
    assert result.exit_code == 0 and "plan" in result.stdout and "values" in result.stdout
    assert "import" in cli("--help").stdout
