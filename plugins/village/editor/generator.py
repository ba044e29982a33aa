"""Writes the web editor into the site: admin/index.html, admin/config.yml generated from village.yml,
and Decap CMS's bundle linked (or copied) from node_modules, where package-lock.json pins it.

The editor is built only when village.yml's editor.backend names a git host, or when `invoke edit`
asks for the local one (VILLAGE_EDITOR=local: Decap's proxy backend, decap-server on 127.0.0.1).
"""

from __future__ import annotations

import json
import os
import shutil
from html import escape
from pathlib import Path

import yaml

from village.cards.inquiries import inquiry_days
from village.editor import schema
from village.gongkai.items import subjects_of
from village.output.generator import OutputGenerator
from village.source import privacy
from village.state import report_of

ADMIN_DIR = "admin"
HERE = Path(__file__).resolve().parent
NODE_MODULES = HERE.parents[2] / "node_modules"
# What the page loads, in order: Decap's bundle first, then what registers on its CMS object.
BUNDLE = {
    "decap-cms.js": "decap-cms/dist/decap-cms.js",
    "js-yaml.min.js": "js-yaml/dist/js-yaml.min.js",
    "pinyin-pro.js": "pinyin-pro/dist/index.js",
}
STYLES = ["/theme/css/site.css"]
OWN_SCRIPTS = ("village-checks.js", "village-cms.js")  # after village-keys.js, which they read


def local_mode() -> bool:
    return os.environ.get("VILLAGE_EDITOR") == "local"


def local_port() -> int:
    return int(os.environ.get("VILLAGE_EDITOR_PORT") or schema.LOCAL_PORT)


def enabled(settings) -> bool:
    return local_mode() or settings["VILLAGE"]["editor"]["backend"] != "none"


def bundle_files(node_modules: Path) -> dict[str, Path]:
    """Target name in admin/ -> source file: the scripts, and Decap's lazily loaded chunks and wasm."""
    files = {name: node_modules / source for name, source in BUNDLE.items()}
    dist = node_modules / "decap-cms" / "dist"
    if dist.is_dir():
        for path in dist.iterdir():
            if path.name.endswith(".decap-cms.js") or path.suffix == ".wasm" or path.name == "decap-cms.js.LICENSE.txt":
                files[path.name] = path
    return files


def _place(source: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(source, target)  # 5 MB a build: a hard link costs nothing
    except OSError:
        shutil.copyfile(source, target)


def index_html(village: dict) -> str:
    scripts = "".join(f'<script src="{name}"></script>' for name in (*BUNDLE, "village-keys.js", *OWN_SCRIPTS))
    return (
        '<!doctype html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="robots" content="noindex, nofollow">\n'
        f"<title>{escape(village['name'])} · 网页编辑器</title>\n"
        '<link href="config.yml" type="text/yaml" rel="cms-config-url">\n'
        "</head>\n<body>\n"
        "<noscript>网页编辑器需要打开浏览器的 JavaScript。请换用新版的 Edge、Chrome 或 Firefox。</noscript>\n"
        f"{scripts}\n</body>\n</html>\n"
    )


def keys_js(settings) -> str:
    """What village-cms.js and village-checks.js know of this village and its build's tables."""
    data = {
        "aliases": schema.aliases(), "lists": ["标签", "图片", "附件"], "styles": STYLES,
        "subjects": {name: kind for name, (kind, _) in subjects_of(settings).items()},
        "allowedPhones": sorted(privacy.allowed_numbers(settings)),  # the contact card's, public by design
        "privacy": settings["VILLAGE"].get("privacy", "strict"), "timezone": settings["VILLAGE"]["timezone"],
        "inquiryDays": inquiry_days(settings),
    }
    return "window.VILLAGE = " + json.dumps(data, ensure_ascii=False, sort_keys=True) + ";\n"


class _NoAliases(yaml.CSafeDumper):  # libyaml's emitter: the same text, a sixth of the time on every build
    def ignore_aliases(self, data):
        return True


def config_yml(village: dict, settings: dict, local: bool) -> str:
    config = schema.decap_config(village, settings, local=local, port=local_port())
    header = "# 由 village.yml 自动生成，不要手改：改 village.yml 后重新生成网站。\n"
    return header + yaml.dump(config, Dumper=_NoAliases, allow_unicode=True, sort_keys=False, width=1000)


class EditorGenerator(OutputGenerator):
    def generate_output(self, writer):
        if not enabled(self.settings):
            return
        village = self.settings["VILLAGE"]
        node_modules = Path(self.settings.get("VILLAGE_NODE_MODULES") or NODE_MODULES)
        files = bundle_files(node_modules)
        missing = [str(path) for path in files.values() if not path.is_file()]
        if missing:
            report_of(self.settings).error(
                "village.yml", None,
                "village.yml 的 editor 设置要生成网页编辑器（/admin/），但找不到 Decap CMS 的程序文件"
                f"（{missing[0]}）。请在项目文件夹里运行 npm ci（或 make setup）装好它；不要网页编辑器就写“  backend: none”。",
            )
            return
        admin = Path(self.output_path) / ADMIN_DIR
        for name, source in files.items():
            _place(source, admin / name)
        for name in OWN_SCRIPTS:
            _place(HERE / name, admin / name)
        (admin / "village-keys.js").write_text(keys_js(self.settings), encoding="utf-8")
        (admin / "config.yml").write_text(config_yml(village, self.settings, local_mode()), encoding="utf-8")
        (admin / "index.html").write_text(index_html(village), encoding="utf-8")


def get_generators(pelican_object):
    return EditorGenerator
