"""Publishing: the deploy: settings of village.yml."""

from __future__ import annotations

import sys
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from conftest import ROOT
from village import config


TZ = ZoneInfo("Asia/Shanghai")


def village_yml(deploy_section: str) -> str:
    """The demo village.yml with its deploy: section replaced."""
    text = (ROOT / "village.yml").read_text("utf-8")
    head = text[: text.index("\ndeploy:")]
    return head + "\ndeploy:\n" + deploy_section


# -- settings -----------------------------------------------------------------------------------


def test_demo_settings_deploy_nowhere(tmp_path):
    assert config.load(ROOT / "village.yml")["deploy"] == {
        "method": "none", "git_remote": "origin", "git_branch": "gh-pages", "rsync_target": "", "keep_releases": 5,
        "cname": "",
    }
    (tmp_path / "village.yml").write_text(village_yml(""), "utf-8")  # an empty deploy: means the defaults
    assert config.load(tmp_path / "village.yml")["deploy"]["method"] == "none"


def test_bad_deploy_settings_are_each_named_with_their_line(tmp_path):
    text = village_yml(
        "  method: ftp\n"
        "  git_branch: main\n"
        "  rsync_target: srv/site\n"
        "  keep_releases: 1\n"
        "  cname: www.other.cn\n"
        "  keep_release: 3\n"
    )
    (tmp_path / "village.yml").write_text(text, "utf-8")
    line = {key: n for n, row in enumerate(text.splitlines(), 1) for key in ("method", "git_branch", "rsync_target", "keep_releases", "cname", "keep_release") if row.startswith(f"  {key}:")}
    with pytest.raises(config.ConfigError) as caught:
        config.load(tmp_path / "village.yml")
    assert caught.value.messages == [
        f"第 {line['keep_release']} 行：deploy 里不认识的设置 “keep_release”。是不是想写 keep_releases？",
        f"第 {line['method']} 行：deploy.method（发布方式）只能写 none（不发布）、git（推送到 gh-pages 分支）或 rsync（上传到服务器），现在写的是“ftp”。",
        f"第 {line['git_branch']} 行：deploy.git_branch（推送到的分支）不能是 main：网站源文件就在这个分支上，发布会把它们覆盖掉。请写 gh-pages。",
        f"第 {line['rsync_target']} 行：deploy.rsync_target（服务器上的网站文件夹）“srv/site”写法不对。上传到服务器写“用户名@服务器:/绝对路径”，"
        "例如 deploy@203.0.113.5:/srv/qinghe；本机文件夹写以 / 开头的绝对路径。路径里不能有空格和引号。",
        f"第 {line['keep_releases']} 行：deploy.keep_releases（保留几次发布）应当是 2 或更大的整数（至少留一次可以回退），例如 5，现在写的是“1”。",
        f"第 {line['cname']} 行：deploy.cname（自己的域名）“www.other.cn”和 site_url（正式网址）的域名 qinghe.example.cn 不一致。两处要写同一个域名。",
    ]


def test_rsync_needs_a_target_and_a_mapping_is_required(tmp_path):
    (tmp_path / "village.yml").write_text(village_yml("  method: rsync\n"), "utf-8")
    with pytest.raises(config.ConfigError, match="deploy.method 写了 rsync，但没有写 rsync_target"):
        config.load(tmp_path / "village.yml")
    (tmp_path / "village.yml").write_text(village_yml("").replace("deploy:\n", "deploy: rsync\n"), "utf-8")
    with pytest.raises(config.ConfigError, match="deploy（发布设置）应当是几行缩进两个空格的设置"):
        config.load(tmp_path / "village.yml")


@pytest.mark.parametrize(
    "target, host, path",
    [("/srv/qinghe/", None, "/srv/qinghe"), ("deploy@203.0.113.5:/srv/qinghe", "deploy@203.0.113.5", "/srv/qinghe"),
     ("qinghe-server:/var/www/site", "qinghe-server", "/var/www/site")],
)
def test_good_rsync_targets(tmp_path, target, host, path):
    (tmp_path / "village.yml").write_text(village_yml(f"  method: rsync\n  rsync_target: {target}\n"), "utf-8")
    settings = config.load(tmp_path / "village.yml")["deploy"]
    assert settings["rsync_target"] == target.rstrip("/")
