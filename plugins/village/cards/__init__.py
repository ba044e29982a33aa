"""The three cards of 一博三卡: 便民联系卡, 村情明白卡 and 质询回音卡, as web pages and printable cards.

    content/cards/联系卡.yml            contacts.py: 姓名, 职务, 电话, 分工, 类别, 照片 per person
    content/cards/明白卡/2026-03.md     monthly.py: one card a month, ## 中心工作 / 主要议程 / 项目建设 / 文化活动
    content/cards/质询/*.md             inquiries.py: one inquiry per file, 收到日期, 质询人, 办理状态, … and ## 质询内容

generator.py reads them all and writes their pages (feed.py puts the inquiries in the feeds).
Every mistake is reported with file, line and what to write instead, all at once.
"""
