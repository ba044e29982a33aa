"""The notice-board poster: an A4 PDF of a month's 公开 items, 明白卡 and 回音卡, each with a QR
code that opens its page (rendered with pdftoppm and decoded with zbarimg, as a phone would)."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from contextlib import redirect_stdout

import pytest

from tools import poster

pytestmark = pytest.mark.skipif(
    not (shutil.which("pdftoppm") and shutil.which("zbarimg")), reason="需要 poppler-utils 和 zbar-tools：scripts/bootstrap.sh test",
)
SITE_URL = "https://qinghe.example.cn"


def _item(subject: str, kind: str, date: str, body: str) -> str:
    return f"类型: {kind}\n事项: {subject}\n期间: 2026年第三季度\n发布日期: {date}\n公示期: 7天\n发布机构: 青禾村村民委员会\n\n{body}\n"


def _inquiry(title: str, received: str) -> str:
    return (
        f"标题: {title}\n收到日期: {received}\n质询人: 唐某\n办理状态: 已办结\n答复日期: {received}\n经办人: 林晓禾\n\n"
        "## 质询内容\n\n路灯坏了。\n\n## 办理措施\n\n已经修好。\n"
    )


MONTHLY = "日期: 2026-11-01\n编辑: 林晓禾\n\n## 中心工作\n\n- 护林防火\n\n## 主要议程\n\n- 党员大会\n\n## 项目建设\n\n- 屋顶防水\n\n## 文化活动\n\n- 健身操\n"


@pytest.fixture
def board(site):
    site.write("disclosures/2026/butie.md", _item("惠农补贴", "村务", "2026-11-10", "第三季度耕地地力保护补贴发放情况。"))
    site.write("disclosures/2026/dangfei.md", _item("党费收缴", "党务", "2026-11-12", "第三季度党费收缴情况。"))
    site.write("disclosures/2026/jiuzhu.md", _item("社会救助", "村务", "2026-10-08", "上个月的，不该上这个月的海报。"))
    site.write("cards/明白卡/2026-11.md", MONTHLY)
    site.write("cards/质询/2026-11-03-ludeng.md", _inquiry("一组路口路灯不亮", "2026-11-03"))
    site.write("cards/质询/2026-11-20-shuiguan.md", _inquiry("三组水管漏水", "2026-11-20"))
    return site


def test_the_poster_has_every_item_of_the_month_with_index_number_and_a_working_qr_code(board, tmp_path):
    out = tmp_path / "print"
    printed = io.StringIO()
    with redirect_stdout(printed):
        assert poster.main(board.path, "2026-11", out) == 0
    (pdf,) = out.glob("*.pdf")
    assert "公开事项 2 项，明白卡 1 张，质询回音卡 2 张" in printed.getvalue()
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))
    assert re.search(r"Page size:\s+595(\.\d+)? x 841(\.\d+)? pts \(A4\)", info)
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    numbers = re.findall(r"索引号：(QH-[A-Z]{2}-\d{8}-[0-9A-F]{3})", text)
    assert len(numbers) == 2 and {n.split("-")[2] for n in numbers} == {"20261110", "20261112"}
    for title in ("惠农补贴", "党费收缴", "一组路口路灯不亮", "三组水管漏水", "护林防火", "村情明白卡"):
        assert title in text
    assert "不该上这个月" not in text  # October's item stays off November's poster
    subprocess.run(["pdftoppm", "-r", "150", "-png", str(pdf), str(tmp_path / "page")], check=True)
    found = set()
    for png in sorted(tmp_path.glob("page*.png")):
        run = subprocess.run(["zbarimg", "-q", "--raw", str(png)], capture_output=True, text=True, check=False)
        found.update(run.stdout.split())
    assert len(list(tmp_path.glob("page*.png"))) == pages
    urls = {f"{SITE_URL}/{p.parent.relative_to(board.output).as_posix()}/" for p in board.output.glob("gongkai/2026/*/index.html")}
    urls = {u for u in urls if "jiuzhu" not in u}
    urls |= {f"{SITE_URL}/cards/monthly/2026-11/", f"{SITE_URL}/cards/inquiries/2026-11/2026-11-03-ludeng/", f"{SITE_URL}/cards/inquiries/2026-11/2026-11-20-shuiguan/"}
    assert found == urls


def test_a_month_with_nothing_to_post_or_a_bad_month_is_explained(board, tmp_path):
    printed = io.StringIO()
    with redirect_stdout(printed):
        assert poster.main(board.path, "2026-07", tmp_path) == 1
        assert poster.main(board.path, "七月", tmp_path) == 1
    assert "错误：2026年7月没有公开事项、明白卡或质询回音卡，没有可以贴的内容。请换一个月。" in printed.getvalue()
    assert "错误：月份“七月”写法不对。请写成 年-月，例如 invoke poster --month 2026-11。" in printed.getvalue()
    assert not list(tmp_path.glob("*.pdf"))
