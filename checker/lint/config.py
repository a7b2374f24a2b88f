"""The lint configuration (rules/lint/lint.yaml, or ``check lint --config FILE``): which codes run, at which
severity, and the options of the codes that have any.

The codes it may name are those in checker.lint.codes.CODES, complete whatever is imported first (the package's
__init__ imports every family of checks).
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict

from checker.domain.errors import InputError, Problem
from checker.domain.models import ExactNumber
from checker.inputs.loading import did_you_mean, validate
from checker.inputs.resources import bundled_dir
from checker.inputs.yamlio import load_yaml_file
from checker.lint.codes import CODES, Severity

CONFIG_PATH = ("lint", "lint.yaml")  # under the bundled rules folder; not rules/*.yaml, which are all rule sets


class _Options(BaseModel):
    """Options are immutable and strict: an unknown option is a mistake in the configuration, not a no-op."""

    model_config = ConfigDict(frozen=True, extra="forbid")


class D202Options(_Options):
    margin_percent: ExactNumber = Decimal(10)  # a bound the baseline beats by more than this % of it: no ambition


class C302Options(_Options):
    sections: tuple[str, ...] = ("专栏1",)  # the indicator tables, whose rows print a nature


class C303Options(_Options):
    words: dict[Literal["national", "municipal", "district"], tuple[str, ...]] = {
        "district": ("全市", "全国"),
        "municipal": ("全国",),
    }


class U103Options(_Options):
    units: dict[str, str] = {"孕产妇死亡率": "/10万", "婴儿死亡率": "‰", "新生儿死亡率": "‰", "儿童死亡率": "‰"}


class Options(_Options):
    """The ``options`` of the configuration: one model per code that has options."""

    D202: D202Options = D202Options()
    C302: C302Options = C302Options()
    C303: C303Options = C303Options()
    U103: U103Options = U103Options()


class LintConfig(BaseModel):
    """rules/lint/lint.yaml: codes to disable, codes to re-level, and options per code."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    schema_version: Literal[1] = 1
    disable: tuple[str, ...] = ()
    severity: dict[str, Severity] = {}
    options: Options = Options()

    def enabled(self, code: str) -> bool:
        return code not in self.disable

    def level(self, code: str) -> Severity:
        return self.severity.get(code, CODES[code].severity)


def bundled_config() -> Path:
    """The project's configuration, in the package's bundled rules folder."""
    return bundled_dir("rules").joinpath(*CONFIG_PATH)


def load_config(path: Path | None = None) -> LintConfig:
    """The configuration from ``path`` (default: the bundled one); every mistake in it is an input error."""
    path = path or bundled_config()
    loaded = load_yaml_file(path)
    if loaded.data is None:
        return LintConfig()
    try:
        config = validate(LintConfig, loaded)
    except InputError as exc:
        raise InputError([replace(p, message=f"invalid config: {p.message}") for p in exc.problems]) from exc
    problems = []
    for loc, code in [(("disable", i), c) for i, c in enumerate(config.disable)] + [
        (("severity", c), c) for c in config.severity
    ]:
        if code not in CODES:
            line, col = loaded.key_where(loc) if loc[0] == "severity" else loaded.where(loc)
            hint = did_you_mean(code, list(CODES)) or "the codes are listed in docs/lint.md"
            problems.append(Problem(str(path), f"invalid config: no such code {code!r}", line, col, hint))
    if problems:
        raise InputError(problems)
    return config
