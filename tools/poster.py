"""`invoke poster --month 2026-11`: an A4 PDF for the village's physical 公开栏 (notice board).

The month's 公开 items, its 村情明白卡 and the list of its 质询回音卡, each with the QR code of
its page (and the 索引号 of a 公开 item), in type large enough to read standing in front of the
board. The site is built first, so nothing with a mistake is posted; WeasyPrint reads no network.
"""

from __future__ import annotations

from pathlib import Path

from markupsafe import Markup, escape
from village.output import qr as qr_codes

from tools import cards_print
from tools.channels import _built

CSS = """
@page { size: A4; margin: 12mm 12mm 14mm; @bottom-center { content: "第 " counter(page) " 页，共 " counter(pages) " 页"; font-size: 11pt; } }
body { font-family: "WenQuanYi Micro Hei", "Noto Sans CJK SC", sans-serif; font-size: 16pt; line-height: 1.45; color: #000; }
h1 { font-size: 30pt; margin: 0 0 2mm; text-align: center; }
.sub { text-align: center; font-size: 14pt; margin: 0 0 6mm; }
h2 { font-size: 22pt; border-bottom: 2pt solid #000; margin: 6mm 0 3mm; break-after: avoid; }
.entry { display: flex; gap: 5mm; align-items: flex-start; border: 1pt solid #000; padding: 3mm 4mm; margin: 0 0 4mm; break-inside: avoid; }
.entry .text { flex: 1; }
.entry h3 { font-size: 19pt; margin: 0 0 1mm; }
.entry p { margin: 0.5mm 0; }
.meta { font-size: 14pt; }
.index { font-size: 15pt; font-weight: bold; letter-spacing: 0.5pt; }
.qr { flex: none; width: 32mm; text-align: center; font-size: 10pt; }
.qr svg { width: 32mm; height: 32mm; display: block; }
.card { break-inside: auto; }
.card h4 { font-size: 17pt; margin: 2mm 0 0; }
.card ul { margin: 0; padding-left: 6mm; }
.inquiries .entry { padding: 2mm 4mm; }
.inquiries .qr, .inquiries .qr svg { width: 26mm; height: 26mm; }
.empty { font-size: 14pt; }
"""


def qr(url: str, label: str) -> Markup:
    svg = qr_codes.svg(url, scale=4)
    return Markup(f'<div class="qr">{svg}<span>扫码看{escape(label)}</span></div>')


def _month_entries(entries: list[dict], month: str) -> tuple[list, list, list]:
    items = sorted((e for e in entries if e["kind"] == "公开事项" and e["date"].startswith(month)), key=lambda e: (e["date"], e["title"]))
    cards = [e for e in entries if e["kind"] == "村情明白卡" and e["url"].rstrip("/").endswith(month)]
    inquiries = sorted((e for e in entries if e["kind"] == "质询回音卡" and e["date"].startswith(month)), key=lambda e: e["date"])
    return items, cards, inquiries


def poster_html(village: dict, month: str, entries: list[dict]) -> str:
    items, cards, inquiries = _month_entries(entries, month)
    site = village["site_url"]
    parts = [
        f"<h1>{escape(village['name'])}村务公开栏</h1>",
        f'<p class="sub">{escape(cards_print.label(month))} · {escape(village.get("region", ""))} · 手机扫二维码可以看全文</p>',
        "<h2>本月公开事项</h2>",
    ]
    for item in items:
        parts.append(
            f'<div class="entry"><div class="text"><h3>{escape(item["label"])}：{escape(item["title"])}</h3>'
            f'<p class="index">索引号：{escape(item["index_number"])}</p>'
            f'<p class="meta">公示期：{escape(item["notice"])}　发布机构：{escape(item["publisher"])}</p>'
            f'<p>{escape(item["summary"])}</p></div>{qr(site + "/" + item["url"], "全文")}</div>'
        )
    if not items:
        parts.append('<p class="empty">本月没有新的公开事项。</p>')
    for card in cards:
        sections = "".join(
            f"<h4>{escape(s['name'])}</h4><ul>{''.join(f'<li>{escape(line)}</li>' for line in s['lines'])}</ul>" for s in card["sections"]
        )
        parts.append(f'<h2>村情明白卡</h2><div class="entry card"><div class="text"><h3>{escape(card["title"])}</h3>{sections}</div>{qr(site + "/" + card["url"], "明白卡")}</div>')
    parts.append('<h2>质询回音卡</h2><div class="inquiries">')
    for inquiry in inquiries:
        parts.append(
            f'<div class="entry"><div class="text"><h3>{escape(inquiry["title"])}</h3>'
            f'<p class="meta">{escape(inquiry["date"])} 收到　质询人：{escape(inquiry["inquirer"])}　办理状态：{escape(inquiry["status"])}</p></div>'
            f'{qr(site + "/" + inquiry["url"], "回音卡")}</div>'
        )
    if not inquiries:
        parts.append('<p class="empty">本月没有收到质询。</p>')
    parts.append("</div>")
    return f'<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><style>{CSS}</style></head><body>{"".join(parts)}</body></html>'


def _no_network(url, *args, **kwargs):
    raise ValueError(f"海报不读取任何网址：{url}")


def main(root: Path, month: str, out: Path) -> int:
    from village import config
    from village.channels.generator import read_manifest

    wanted = cards_print.month_of(month)
    if not wanted:
        print(f"错误：月份“{month}”写法不对。请写成 年-月，例如 invoke poster --month 2026-11。")
        return 1
    try:
        import weasyprint
    except OSError:
        print(f"错误：{cards_print.PANGO_HINT}")
        return 1
    if not cards_print.has_cjk_font():
        print(f"错误：这台电脑没有中文字体，印出来的海报会是方框。{cards_print.FONT_HINT}")
        return 1
    if _built(root) is None:
        return 1
    village = config.load(root / "village.yml")
    entries = read_manifest(root)
    items, cards, inquiries = _month_entries(entries, wanted)
    if not (items or cards or inquiries):
        print(f"错误：{cards_print.label(wanted)}没有公开事项、明白卡或质询回音卡，没有可以贴的内容。请换一个月。")
        return 1
    target = out / f"{wanted}-{village['name']}公开栏海报.pdf"
    target.parent.mkdir(parents=True, exist_ok=True)
    document = weasyprint.HTML(string=poster_html(village, wanted, entries), url_fetcher=_no_network).render()
    document.write_pdf(target)
    shown = target.relative_to(root) if target.is_relative_to(root) else target
    print(
        f"已生成 {shown}：{len(document.pages)} 页 A4（公开事项 {len(items)} 项，明白卡 {len(cards)} 张，"
        f"质询回音卡 {len(inquiries)} 张）。打印时选“实际大小”。"
    )
    return 0
