"""Publishing: the deploy: settings, publish to a git branch and to rsync releases, rollback.

Everything runs against local targets (a bare git repository, a folder), through the same code and
shell commands a server gets; the ssh path is exercised with a stand-in remote shell.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
import subprocess
import sys
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from conftest import ROOT
from village import config

import deploy
from deploy.releases import Releases, Runner, Target

TZ = ZoneInfo("Asia/Shanghai")


def configure(site, deploy_section: str) -> Path:
    """The site's own village.yml with its deploy: section replaced; returns the file."""
    path = site.path / "village.yml"
    text = path.read_text("utf-8")
    path.write_text(text[: text.index("\ndeploy:")] + "\ndeploy:\n" + deploy_section, "utf-8")
    return path


# -- settings -----------------------------------------------------------------------------------


def test_demo_settings_deploy_nowhere(site):
    assert config.load(ROOT / "village.yml")["deploy"] == {
        "method": "none", "git_remote": "origin", "git_branch": "gh-pages", "rsync_target": "", "keep_releases": 5,
        "cname": "",
    }
    # An empty deploy: means the defaults.
    assert config.load(configure(site, ""))["deploy"]["method"] == "none"


def test_bad_deploy_settings_are_each_named_with_their_line(site):
    path = configure(site,
        "  method: ftp\n"
        "  git_branch: main\n"
        "  rsync_target: srv/site\n"
        "  keep_releases: 1\n"
        "  cname: www.other.cn\n"
        "  keep_release: 3\n"
    )
    text = path.read_text("utf-8")
    line = {key: n for n, row in enumerate(text.splitlines(), 1) for key in ("method", "git_branch", "rsync_target", "keep_releases", "cname", "keep_release") if row.startswith(f"  {key}:")}
    with pytest.raises(config.ConfigError) as caught:
        config.load(path)
    assert caught.value.messages == [
        f"第 {line['keep_release']} 行：deploy 里不认识的设置 “keep_release”。是不是想写 keep_releases？",
        f"第 {line['method']} 行：deploy.method（发布方式）只能写 none（不发布）、git（推送到 gh-pages 分支）或 rsync（上传到服务器），现在写的是“ftp”。",
        f"第 {line['git_branch']} 行：deploy.git_branch（推送到的分支）不能是 main：网站源文件就在这个分支上，发布会把它们覆盖掉。请写 gh-pages。",
        f"第 {line['rsync_target']} 行：deploy.rsync_target（服务器上的网站文件夹）“srv/site”写法不对。上传到服务器写“用户名@服务器:/绝对路径”，"
        "例如 deploy@203.0.113.5:/srv/qinghe；本机文件夹写以 / 开头的绝对路径。路径里不能有空格和引号。",
        f"第 {line['keep_releases']} 行：deploy.keep_releases（保留几次发布）应当是 2 或更大的整数（至少留一次可以回退），例如 5，现在写的是“1”。",
        f"第 {line['cname']} 行：deploy.cname（自己的域名）“www.other.cn”和 site_url（正式网址）的域名 qinghe.example.cn 不一致。两处要写同一个域名。",
    ]


def test_rsync_needs_a_target_and_a_mapping_is_required(site):
    with pytest.raises(config.ConfigError, match="deploy.method 写了 rsync，但没有写 rsync_target"):
        config.load(configure(site, "  method: rsync\n"))
    path = configure(site, "")
    path.write_text(path.read_text("utf-8").replace("\ndeploy:\n", "\ndeploy: rsync\n"), "utf-8")
    with pytest.raises(config.ConfigError, match="deploy（发布设置）应当是几行缩进两个空格的设置"):
        config.load(path)


@pytest.mark.parametrize(
    "target, host, path",
    [("/srv/qinghe/", None, "/srv/qinghe"), ("deploy@203.0.113.5:/srv/qinghe", "deploy@203.0.113.5", "/srv/qinghe"),
     ("qinghe-server:/var/www/site", "qinghe-server", "/var/www/site")],
)
def test_good_rsync_targets(site, target, host, path):
    settings = config.load(configure(site, f"  method: rsync\n  rsync_target: {target}\n"))["deploy"]
    assert Target.parse(settings["rsync_target"]) == Target(host, path)


# -- publishing ---------------------------------------------------------------------------------

T1, T2, T3 = (dt.datetime(2024, 6, day, 9, 0, tzinfo=TZ) for day in (1, 2, 3))
R1, R2, R3 = (f"202406{day:02d}-090000" for day in (1, 2, 3))


@pytest.fixture
def publishable(site):
    """A site whose public build passes every check: the navigation links each category's page."""
    for number, category in enumerate(["党建", "村务", "致富", "民俗", "建言"], start=1):
        site.write(f"posts/p{number}.md", f"标题: 第{number}篇\n日期: 2024-05-0{number}\n分类: {category}\n\n正文{number}。\n")
    return site


def run_publish(site, now, **kwargs) -> tuple[int, str]:
    lines: list[str] = []
    code = deploy.publish(site.path, out=lines.append, now=now, **kwargs)
    return code, "\n".join(lines)


def live(target: Path) -> dict:
    """What visitors get: where current points and the bytes of every file it serves."""
    current = target / "current"
    files = {p.relative_to(current).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest() for p in current.rglob("*") if p.is_file()}
    return {"current": os.readlink(current), "files": files, "releases": sorted(os.listdir(target / "releases"))}


def test_rsync_releases_current_and_pruning(publishable, tmp_path):
    site, target = publishable, tmp_path / "srv" / "qinghe"
    configure(site, f"  method: rsync\n  rsync_target: {target}\n  keep_releases: 2\n")
    code, text = run_publish(site, T1)
    assert code == 0, text
    steps = [line for line in text.splitlines() if line.startswith("第")]
    assert steps == [
        "第 1 步：用正式网址 https://qinghe.example.cn 生成网站，同时检查内容…",
        "第 2 步：检查链接、订阅源和必需的页面…",
        f"第 3 步：发布到 {target}…",
    ]
    assert text.endswith(f"发布完成：{R1}，网址 https://qinghe.example.cn/ 。出问题时可以运行 invoke rollback 回到上一次发布。")
    assert os.readlink(target / "current") == f"releases/{R1}"
    assert (target / "current" / "index.html.gz").is_file()  # the public build, precompressed

    site.write("posts/p1.md", "标题: 第1篇改过了\n日期: 2024-05-01\n分类: 党建\n\n新的正文。\n")
    assert run_publish(site, T2)[0] == 0
    assert live(target)["releases"] == [R1, R2] and os.readlink(target / "current") == f"releases/{R2}"
    first, second = target / "releases" / R1, target / "releases" / R2
    # Unchanged files are hard links into the previous release; changed ones are new files.
    assert (first / "theme/css/site.css").stat().st_ino == (second / "theme/css/site.css").stat().st_ino
    assert "第1篇改过了" in (second / "index.html").read_text("utf-8")
    assert "第1篇改过了" not in (first / "index.html").read_text("utf-8")
    assert oct((second / "index.html").stat().st_mode & 0o777) == "0o644"  # readable by nginx

    code, text = run_publish(site, T3)
    assert code == 0 and f"删除了更早的发布：{R1}（保留最近 2 次）。" in text
    assert live(target)["releases"] == [R2, R3] and os.readlink(target / "current") == f"releases/{R3}"


def test_publish_twice_in_one_second_gets_two_releases(publishable, tmp_path):
    target = tmp_path / "srv"
    configure(publishable, f"  method: rsync\n  rsync_target: {target}\n")
    assert run_publish(publishable, T1)[0] == 0 and run_publish(publishable, T1)[0] == 0
    assert live(target)["releases"] == [R1, f"{R1}-2"] and live(target)["current"] == f"releases/{R1}-2"


def test_a_failed_check_leaves_the_live_release_untouched(publishable, tmp_path):
    site, target = publishable, tmp_path / "srv"
    configure(site, f"  method: rsync\n  rsync_target: {target}\n")
    assert run_publish(site, T1)[0] == 0
    before = live(target)

    site.write("posts/bad.md", "标题: 坏\n日期: 2024-13-45\n分类: 党建\n\n正文。\n")
    code, text = run_publish(site, T2)
    assert code == 1
    assert "错误  content/posts/bad.md 第 2 行：日期“2024-13-45”不存在" in text
    assert text.endswith("没有发布：内容有 1 个错误（见上面的列表）。线上网站保持不变，改正后再运行 invoke publish。")
    assert "第 3 步" not in text and live(target) == before

    (site.content / "posts/bad.md").unlink()
    site.write("posts/link.md", "标题: 有坏链接\n日期: 2024-05-09\n分类: 村务\n\n见[通知](/2099/01/meiyou/)。\n")
    code, text = run_publish(site, T2)
    assert code == 1
    assert "错误  2024/05/you-huai-lian-jie/index.html：链接“/2099/01/meiyou/”指向的文件不存在。" in text
    assert re.search(r"\n没有发布：发现 \d+ 个问题（见上面的列表）。线上网站保持不变，改正后再运行 invoke publish。$", text)
    assert "第 3 步" not in text and live(target) == before


def test_rollback_switches_current_back_and_says_when_it_cannot(publishable, tmp_path):
    site, target = publishable, tmp_path / "srv"
    configure(site, f"  method: rsync\n  rsync_target: {target}\n")
    lines: list[str] = []
    assert deploy.rollback(site.path, out=lines.append) == 1
    assert lines[0] == f"错误  {target} 还没有发布过网站（没有 current），没有可以回退的版本。"

    assert run_publish(site, T1)[0] == 0
    first = live(target)
    site.write("posts/p2.md", "标题: 第2篇新版\n日期: 2024-05-02\n分类: 村务\n\n正文。\n")
    assert run_publish(site, T2)[0] == 0
    assert live(target)["files"] != first["files"]

    lines.clear()
    assert deploy.rollback(site.path, out=lines.append) == 0
    assert lines[0] == f"已回退：线上网站从 {R2} 换回 {R1}（{target}）。"
    assert live(target)["files"] == first["files"] and (target / "current").resolve() == target / "releases" / R1
    assert live(target)["releases"] == [R1, R2]  # the newer release stays, to go forward again

    lines.clear()
    assert deploy.rollback(site.path, out=lines.append) == 1
    assert lines[0].startswith(f"错误  当前的发布 {R1} 已经是保留下来的最早一次，没有更早的版本可以回退。")
    lines.clear()
    assert deploy.rollback(site.path, to="20240101-000000", out=lines.append) == 1
    assert lines[0] == f"错误  没有叫“20240101-000000”的发布。服务器上保留的发布有：{R1}、{R2}。用 invoke releases 查看。"
    assert deploy.rollback(site.path, to=R2, out=lines.append) == 0
    assert (target / "current").resolve() == target / "releases" / R2

    lines.clear()
    assert deploy.releases(site.path, out=lines.append) == 0
    assert lines == [f"保留的发布（{target}，最新的在最下面）：", f"  {R1}", f"  {R2}   ← 当前"]


def test_the_ssh_path_runs_the_same_commands_through_the_remote_shell(publishable, tmp_path, monkeypatch):
    """A stand-in for ssh runs the remote command line here, as sshd would: one string through sh."""
    log = tmp_path / "ssh.log"
    fake = tmp_path / "fake-ssh"
    fake.write_text(f'#!/bin/sh\nprintf "%s\\n" "$*" >> {log}\nshift\nexec sh -c "$*"\n', "utf-8")
    fake.chmod(0o755)
    monkeypatch.setenv("RSYNC_RSH", str(fake))
    target = tmp_path / "srv"
    configure(publishable, f"  method: rsync\n  rsync_target: village-server:{target}\n")
    assert run_publish(publishable, T1)[0] == 0
    assert run_publish(publishable, T2)[0] == 0
    assert deploy.rollback(publishable.path, out=lambda line: None) == 0
    assert os.readlink(target / "current") == f"releases/{R1}"
    calls = log.read_text("utf-8").splitlines()
    assert any(call.startswith("village-server rsync --server") for call in calls)
    assert any(call.startswith("village-server sh -c ") and "mv -T current.new current" in call for call in calls)
    assert Runner("village-server", rsh="ssh -p 2222").command("echo \"$1\"", "a b")[:4] == ["ssh", "-p", "2222", "village-server"]


def test_ssh_failures_are_explained_in_chinese(tmp_path):
    fake = tmp_path / "fake-ssh"
    fake.write_text("#!/bin/sh\necho 'Host key verification failed.' >&2\nexit 255\n", "utf-8")
    fake.chmod(0o755)
    with pytest.raises(deploy.DeployError) as caught:
        Releases("deploy@203.0.113.5:/srv/qinghe", rsh=str(fake)).state()
    assert str(caught.value).startswith(
        "读取服务器上的发布记录失败：服务器 deploy@203.0.113.5 的指纹不在 known_hosts 里（或者和记录的不一样）。请在本机运行 ssh-keyscan 203.0.113.5"
    )


def git(*args, cwd=None) -> str:
    return subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=True).stdout


def test_git_publish_to_a_bare_repository_then_roll_back(publishable, tmp_path):
    site, bare = publishable, tmp_path / "pages.git"
    git("init", "-q", "--bare", str(bare))
    git("init", "-q", cwd=site.path)
    git("remote", "add", "origin", str(bare), cwd=site.path)
    configure(site, "  method: git\n  cname: qinghe.example.cn\n")  # git_remote defaults to origin
    code, text = run_publish(site, T1)
    assert code == 0, text
    assert "第 3 步：发布到 origin 的 gh-pages 分支…" in text
    files = git("--git-dir", str(bare), "ls-tree", "-r", "--name-only", "gh-pages").split()
    assert {"index.html", ".nojekyll", "CNAME", "feeds/all.atom.xml", "index.html.gz"} <= set(files)
    assert git("--git-dir", str(bare), "show", "gh-pages:CNAME").strip() == "qinghe.example.cn"

    # A fresh CI checkout has no gh-pages branch of its own: the new commit must still go on top.
    git("update-ref", "-d", "refs/heads/gh-pages", cwd=site.path)
    git("update-ref", "-d", "refs/remotes/origin/gh-pages", cwd=site.path)
    site.write("posts/p3.md", "标题: 第3篇新版\n日期: 2024-05-03\n分类: 致富\n\n正文。\n")
    assert run_publish(site, T2)[0] == 0
    assert git("--git-dir", str(bare), "log", "--format=%s", "gh-pages").split("\n")[:2] == [f"发布 {R2}", f"发布 {R1}"]
    assert "第3篇新版" in git("--git-dir", str(bare), "show", "gh-pages:index.html")

    lines: list[str] = []
    assert deploy.rollback(site.path, out=lines.append) == 0
    assert lines[0] == f"已回退：线上网站从 {R2} 换回 {R1}（origin 的 gh-pages 分支）。"
    head, first = (git("--git-dir", str(bare), "rev-parse", f"{ref}^{{tree}}").strip() for ref in ("gh-pages", "gh-pages~2"))
    assert head == first and git("--git-dir", str(bare), "log", "-1", "--format=%s", "gh-pages").strip() == f"回退到 {R1}"
    lines.clear()
    assert deploy.releases(site.path, out=lines.append) == 0
    assert lines == ["保留的发布（origin 的 gh-pages 分支，最新的在最下面）：", f"  {R1}   ← 当前", f"  {R2}"]
    assert run_publish(site, T2)[0] == 0  # the same second again: a release of its own
    assert git("--git-dir", str(bare), "log", "-1", "--format=%s", "gh-pages").strip() == f"发布 {R2}-2"


def test_git_publish_outside_a_repository_is_explained(publishable, tmp_path):
    configure(publishable, f"  method: git\n  git_remote: {tmp_path / 'nowhere.git'}\n")
    code, text = run_publish(publishable, T1)
    assert code == 1
    assert "不是 git 仓库。git 方式要在网站的 git 仓库里运行 invoke publish。" in text
    assert text.endswith("发布没有完成，线上网站保持不变。")


def test_method_none_and_dry_run_check_without_deploying(publishable, tmp_path):
    code, text = run_publish(publishable, T1)
    assert code == 0 and "第 3 步" not in text
    assert text.splitlines()[-1].startswith("全部检查通过，没有发布：village.yml 里 deploy.method 是 none（不发布）。")
    target = tmp_path / "srv"
    configure(publishable, f"  method: rsync\n  rsync_target: {target}\n")
    code, text = run_publish(publishable, T1, dry_run=True)
    assert code == 0 and text.endswith("全部检查通过。这次只检查（--dry-run），没有发布。") and not target.exists()


def test_python_m_deploy_exit_codes(publishable, tmp_path):
    target = tmp_path / "srv"
    configure(publishable, f"  method: rsync\n  rsync_target: {target}\n")
    publishable.write("posts/bad.md", "标题: 坏\n日期: 2024-05-01\n分类: 党键\n\n正文。\n")
    command = [sys.executable, "-m", "deploy", "--project", str(publishable.path)]
    bad = subprocess.run([*command, "publish"], cwd=ROOT, capture_output=True, text=True)
    assert bad.returncode == 1 and "分类“党键”不在网站的分类里" in bad.stdout
    assert "Traceback" not in bad.stdout + bad.stderr and not target.exists()
    (publishable.content / "posts/bad.md").unlink()
    good = subprocess.run([*command, "publish"], cwd=ROOT, capture_output=True, text=True)
    assert good.returncode == 0, good.stdout + good.stderr
    assert (target / "current" / "index.html").is_file()
    rollback = subprocess.run([*command, "rollback"], cwd=ROOT, capture_output=True, text=True)
    assert rollback.returncode == 1 and "没有更早的版本可以回退" in rollback.stdout


# -- CI templates -------------------------------------------------------------------------------


def test_github_workflow_checks_every_push_and_pull_request_and_publishes_main_daily():
    import yaml

    workflow = yaml.safe_load((ROOT / ".github/workflows/site.yml").read_text("utf-8"))
    triggers = workflow.get("on", workflow.get(True))  # YAML 1.1 reads a bare `on` as true
    assert set(triggers) == {"push", "pull_request", "schedule", "workflow_dispatch"}
    assert triggers["push"] == {"branches-ignore": ["gh-pages"]}
    (cron,) = [entry["cron"] for entry in triggers["schedule"]]
    minute, hour = (int(part) for part in cron.split()[:2])
    utc = dt.datetime(2024, 6, 1, hour, minute, tzinfo=dt.UTC)
    assert utc.astimezone(TZ).strftime("%H:%M") == "00:10" and cron.split()[2:] == ["*", "*", "*"]

    check, publish = workflow["jobs"]["check"], workflow["jobs"]["deploy"]

    def runs(job: dict) -> list[str]:
        return [step["run"] for step in job["steps"] if "run" in step]

    assert "push" in check["if"] and "pull_request" in check["if"]
    assert runs(check) == ["make setup", ".venv/bin/invoke publish --dry-run"]
    assert "refs/heads/main" in publish["if"] and "github.event_name != 'pull_request'" in publish["if"]
    assert publish["needs"] == "check" and "needs.check.result != 'failure'" in publish["if"]
    assert runs(publish)[-1] == "make publish" and publish["permissions"] == {"contents": "write"}
    assert publish["concurrency"]["group"] == "publish"
    secrets = set(re.findall(r"secrets\.(\w+)", (ROOT / ".github/workflows/site.yml").read_text("utf-8")))
    assert secrets == {"SSH_PRIVATE_KEY", "SSH_KNOWN_HOSTS"}
    for doc in ("README.md", "docs/guide.md"):
        text = (ROOT / doc).read_text("utf-8")
        assert all(name in text for name in secrets), doc


def test_gitlab_pipeline_checks_pushes_and_merge_requests_and_publishes_main_on_schedule():
    import yaml

    pipeline = yaml.safe_load((ROOT / ".gitlab-ci.yml").read_text("utf-8"))
    assert pipeline["stages"] == ["check", "deploy"]
    check, publish = pipeline["check"], pipeline["deploy"]
    assert [rule["if"] for rule in check["rules"]] == [
        '$CI_PIPELINE_SOURCE == "merge_request_event"', '$CI_PIPELINE_SOURCE == "push"',
    ]
    assert check["script"] == ["make setup", ".venv/bin/invoke publish --dry-run"]
    (rule,) = publish["rules"]
    assert '$CI_COMMIT_BRANCH == "main"' in rule["if"] and "schedule" in rule["if"] and "push" in rule["if"]
    assert publish["script"] == ["make publish"] and publish["resource_group"] == "publish"
    assert "SSH_KNOWN_HOSTS" in publish["before_script"][0]
    assert "merge_request_event" in pipeline["workflow"]["rules"][0]["if"]


def test_make_publish_runs_invoke_publish():
    # Run as a top-level make even when the suite itself runs under `make test`.
    env = {k: v for k, v in os.environ.items() if k not in ("MAKELEVEL", "MAKEFLAGS", "MFLAGS")}
    dry = subprocess.run(["make", "--no-print-directory", "-n", "-W", "requirements.lock", "publish"],
                         cwd=ROOT, capture_output=True, text=True, env=env)
    assert dry.returncode == 0, dry.stderr
    assert dry.stdout.splitlines()[-2:] == ["bash scripts/bootstrap.sh deploy", ".venv/bin/invoke publish"]


# -- a real ssh server --------------------------------------------------------------------------

SSHD = "/usr/sbin/sshd"


@pytest.fixture
def sshd(tmp_path):
    """A private sshd on 127.0.0.1 that lets this user in with a throwaway key."""
    import getpass
    import socket
    import time

    missing = [what for what, there in ((f"没有 {SSHD}（apt-get install openssh-server）", os.path.exists(SSHD)),
                                        (f"当前用户（uid {os.geteuid()}）不是 root", os.geteuid() == 0)) if not there]
    if missing:
        pytest.skip(f"跳过真实 sshd 的 ssh 发布测试：{'；'.join(missing)}。同样的命令已由上面的替身 ssh 测试覆盖。")
    work = tmp_path / "sshd"
    work.mkdir(mode=0o700)
    for name in ("host", "client"):
        subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(work / name)], check=True)
    (work / "authorized_keys").write_text((work / "client.pub").read_text())
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    (work / "sshd_config").write_text(
        f"Port {port}\nListenAddress 127.0.0.1\nHostKey {work / 'host'}\nPidFile {work / 'sshd.pid'}\n"
        f"AuthorizedKeysFile {work / 'authorized_keys'}\nPasswordAuthentication no\nKbdInteractiveAuthentication no\n"
        "UsePAM no\nStrictModes no\nPermitRootLogin prohibit-password\n"
    )
    Path("/run/sshd").mkdir(exist_ok=True)  # privilege separation directory sshd insists on
    server = subprocess.Popen([SSHD, "-D", "-e", "-f", str(work / "sshd_config")], stderr=subprocess.PIPE)
    deadline = time.monotonic() + 10
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            if server.poll() is not None or time.monotonic() > deadline:
                server.kill()
                pytest.fail(f"sshd 没有启动：{server.stderr.read().decode()}")
            time.sleep(0.05)
    host_line = f"[127.0.0.1]:{port} " + " ".join((work / "host.pub").read_text().split()[:2])
    (work / "known_hosts").write_text(host_line + "\n")
    rsh = f"ssh -p {port} -i {work / 'client'} -o BatchMode=yes -o IdentitiesOnly=yes -o UserKnownHostsFile={work / 'known_hosts'}"
    yield f"{getpass.getuser()}@127.0.0.1", rsh, work
    server.terminate()
    server.wait(timeout=10)


def test_publish_and_roll_back_over_real_ssh(publishable, tmp_path, sshd, monkeypatch):
    host, rsh, work = sshd
    monkeypatch.setenv("RSYNC_RSH", rsh)
    target = tmp_path / "srv"
    configure(publishable, f"  method: rsync\n  rsync_target: {host}:{target}\n")
    assert run_publish(publishable, T1)[0] == 0
    assert run_publish(publishable, T2)[0] == 0
    assert live(target)["releases"] == [R1, R2] and os.readlink(target / "current") == f"releases/{R2}"
    assert (target / "releases" / R1 / "theme/css/site.css").stat().st_ino == (target / "releases" / R2 / "theme/css/site.css").stat().st_ino
    assert deploy.rollback(publishable.path, out=lambda line: None) == 0
    assert os.readlink(target / "current") == f"releases/{R1}"

    # An unknown server is refused, and the message says how to fix it.
    monkeypatch.setenv("RSYNC_RSH", rsh.replace(str(work / "known_hosts"), str(work / "empty_known_hosts")))
    code, text = run_publish(publishable, T3)
    assert code == 1 and "的指纹不在 known_hosts 里" in text and "ssh-keyscan 127.0.0.1" in text
    assert os.readlink(target / "current") == f"releases/{R1}"
