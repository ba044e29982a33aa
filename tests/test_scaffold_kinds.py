"""`invoke new --kind 财务` and `--kind 四议两公开`: files the build reads, never publishable unchanged."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import yaml

from tests.conftest import messages
from tools import scaffold

NOW = dt.datetime(2026, 12, 3, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


def _village(site):
    from village import config

    return config.load(site.path / "village.yml")


def test_finance_item_with_csv_skeleton_needs_real_content_then_builds(site):
    site.pin_today("2026-12-20")
    path = scaffold.new_post(site.content, _village(site), "财务", "", "", NOW, month="2026-11")
    assert path == site.content / "disclosures/2026/2026-11-caiwu.md"
    csv = path.with_suffix(".csv").read_text("utf-8").splitlines()
    assert csv[0] == "科目,收入,支出,备注" and csv[-1] == "合计,0.00,0.00,"
    assert "期间: 2026年11月" in path.read_text("utf-8") and "附件: 2026-11-caiwu.csv" in path.read_text("utf-8")
    errors = messages(site.build(check_only=True))
    assert any("2026-11-caiwu.md" in e and "提示文字" in e for e in errors), errors
    assert any("2026-11-caiwu.md 第 7 行" in e and "审核机构" in e for e in errors), errors  # who must sign
    filled = path.read_text("utf-8").replace(scaffold.ph.FINANCE, "十一月收到运转经费，付了保洁员工资。")
    path.write_text(filled.replace(scaffold.ph.REVIEW, "村务监督委员会 何德明、周秀英 2026-12-01"), "utf-8")
    path.with_suffix(".csv").write_text("科目,收入,支出,备注\n上级拨付运转经费,48000.00,,\n保洁员工资,,4400.00,\n合计,48000.00,4400.00,\n", "utf-8")
    result = site.build(check_only=True)
    assert result.ok, result.summary()


def test_finance_month_is_checked(site):
    with pytest.raises(scaffold.ScaffoldError, match="--month 2026-11"):
        scaffold.new_post(site.content, _village(site), "财务", "", "", NOW, month="11月")


def test_decision_starts_with_a_proposal_and_grows_step_by_step(site):
    site.pin_today("2026-12-20")
    path = scaffold.new_post(site.content, _village(site), "四议两公开", "", "村口修建停车场", NOW)
    assert path.parent == site.content / "decisions" and path.name.startswith("2026-")
    data = yaml.safe_load(path.read_text("utf-8"))
    assert [s["步骤"] for s in data["步骤"]] == ["提议"]
    later = NOW + dt.timedelta(days=7)
    assert scaffold.new_post(site.content, _village(site), "四议两公开", "", "村口修建停车场", later) == path
    data = yaml.safe_load(path.read_text("utf-8"))
    assert [s["步骤"] for s in data["步骤"]] == ["提议", "商议"] and str(data["步骤"][1]["日期"]) == "2026-12-10"
    errors = messages(site.build(check_only=True))
    assert any(path.name in e and "提示文字" in e for e in errors), errors  # the 说明 left as scaffolded
