#!/usr/bin/env bash
# Installs what the project needs on a fresh Debian machine.
#   bootstrap.sh python   Python >= 3.11 virtual environment from requirements.lock
#   bootstrap.sh test     also Chromium, a CJK font, Java, the Nu HTML checker, Lighthouse and axe-core
# System packages are installed only when missing, and only when running as root; otherwise
# the script says exactly which command to run.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf '%s\n' "$*"; }
fail() { say "错误：$*" >&2; exit 1; }

apt_updated=""
need_packages() {
  # need_packages "why" pkg...: install the Debian packages that are not installed yet.
  local why="$1"; shift
  local missing=()
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" -ne 0 ]; then
    fail "$why需要系统软件包：${missing[*]}。请先运行：sudo apt-get update && sudo apt-get install -y ${missing[*]}"
  fi
  say "正在安装系统软件包（$why）：${missing[*]}"
  if [ -z "$apt_updated" ]; then
    apt-get update -qq || fail "apt-get update 失败，请检查网络后重试。"
    apt_updated=1
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null \
    || fail "安装 ${missing[*]} 失败。请手动运行：apt-get install -y ${missing[*]}"
}

python_env() {
  local py="${PYTHON:-python3}"
  command -v "$py" >/dev/null || fail "找不到 $py。请安装 Python 3.11 或更新版本（Debian：apt-get install -y python3 python3-venv）。"
  "$py" -c 'import sys; sys.exit(sys.version_info < (3, 11))' \
    || fail "需要 Python 3.11 或更新版本，现在是 $("$py" --version 2>&1)。"
  if ! "$py" -c 'import venv, ensurepip' 2>/dev/null; then
    need_packages "创建 Python 虚拟环境" python3-venv
  fi
  if [ ! -x .venv/bin/python ]; then
    say "正在创建 Python 虚拟环境 .venv/"
    "$py" -m venv .venv
  fi
  # misaka (a dependency of Isso, the 留言 server the tests run) is published only as source:
  # building it needs a C compiler, libffi and this Python's headers.
  command -v cc >/dev/null || need_packages "编译 Isso 的依赖 misaka（只有源码包）" gcc libc6-dev libffi-dev
  if ! "$py" -c 'import os, sysconfig, sys; sys.exit(not os.path.exists(os.path.join(sysconfig.get_paths()["include"], "Python.h")))'; then
    need_packages "编译 Isso 的依赖 misaka（需要 Python 头文件）" python3-dev libffi-dev
  fi
  say "正在安装 Python 依赖（版本锁定在 requirements.lock）"
  .venv/bin/python -m pip install -q --disable-pip-version-check --upgrade pip
  .venv/bin/python -m pip install -q --disable-pip-version-check --require-hashes -r requirements.lock
  # The project itself (plugin, tools, deploy), editable so a change is used without reinstalling.
  .venv/bin/python -m pip install -q --disable-pip-version-check --no-deps -e .
  editor_bundle
  edition_fonts
}

edition_fonts() {
  # The editions in minority scripts (维吾尔文/哈萨克文, 蒙古文, 藏文, 朝鲜文) publish a subset of these
  # open-licensed fonts, cut at build time (plugins/village/output/fonts.py): the build needs them.
  need_packages "少数民族文字版的字体（生成网站时取用到的字）" fonts-noto-core fonts-nanum
}

editor_bundle() {
  # The web editor (/admin/, invoke edit): Decap CMS, decap-server, js-yaml, pinyin-pro, pinned in package-lock.json.
  grep -Eq '^  backend: *(gitlab|gitea|github)' village.yml 2>/dev/null || [ "${VILLAGE_EDITOR:-}" = local ] || return 0
  command -v npm >/dev/null || need_packages "网页编辑器（Decap CMS，生成网站时放进 /admin/）" nodejs npm
  if [ ! -f node_modules/decap-cms/dist/decap-cms.js ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    say "正在安装网页编辑器 Decap CMS（版本锁定在 package-lock.json）"
    npm ci --omit=dev --no-audit --no-fund --loglevel=error >/dev/null
  fi
}

without_service_start() {
  # Run "$@" with Debian's policy-rc.d saying no to starting services: the tests start their own
  # nginx and sshd on free ports, and a laptop should not get an sshd listening on port 22.
  if [ "$(id -u)" -ne 0 ] || [ -e /usr/sbin/policy-rc.d ]; then "$@"; return; fi
  printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d
  chmod +x /usr/sbin/policy-rc.d
  local status=0
  ( "$@" ) || status=$?  # a subshell, so a failure's exit still removes the file below
  rm -f /usr/sbin/policy-rc.d
  return $status
}

test_tools() {
  without_service_start need_packages "发布测试（真实 nginx 配置、rsync 发布，经真实 ssh 发布）" \
    nginx libnginx-mod-http-brotli-static rsync openssh-server
  need_packages "浏览器测试" chromium fonts-wqy-microhei
  edition_fonts
  need_packages "卡片 PDF（WeasyPrint 用 Pango 排版，测试用 pdftotext 读 PDF）" libpango-1.0-0 libpangoft2-1.0-0 poppler-utils
  need_packages "分享图和公开栏海报的二维码测试（zbarimg 像手机一样扫码）" zbar-tools
  command -v java >/dev/null || need_packages "HTML 校验（Nu checker 需要 Java）" default-jre-headless
  command -v npm >/dev/null || need_packages "HTML 校验器的安装" nodejs npm
  if [ ! -f node_modules/vnu-jar/build/dist/vnu.jar ] || [ ! -x node_modules/.bin/lighthouse ] \
     || [ ! -f node_modules/axe-core/axe.min.js ] || [ ! -x node_modules/.bin/pa11y ] \
     || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    say "正在安装 Nu HTML 校验器、Lighthouse、axe-core 和 pa11y（版本锁定在 package-lock.json）"
    # pa11y uses the system's Chromium (chromeLaunchConfig): Puppeteer must not download its own.
    PUPPETEER_SKIP_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error >/dev/null
  fi
}

case "${1:-python}" in
  python) python_env ;;
  test) test_tools ;;
  deploy) need_packages "发布（rsync 和 ssh 上传到服务器）" rsync openssh-client ;;  # for invoke publish in CI
  *) fail "用法：bootstrap.sh python|test|deploy" ;;
esac
