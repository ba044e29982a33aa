"""四议两公开: the record of each major village matter, one YAML file per matter.

    content/decisions/2026-chaye-jiagong.yml
        标题: 建设茶叶精加工生产线
        说明: 一两句话说明是什么事。
        步骤:
          - 步骤: 提议
            日期: 2026-03-02
            会议: 村党支部委员会会议
          - 步骤: 审议
            日期: 2026-03-20
            会议: 党员大会
            应到: 42
            实到: 36
            赞成: 33
            反对: 1
            弃权: 2
          - 步骤: 决议公开
            日期: 2026-04-02
            公开: QH-CZ-20260402-1A2   (the disclosure item's 索引号)

The build rejects what the procedure forbids: steps out of order or dated before the previous
one, a party members' or representatives' meeting without two thirds of its members present,
a decision without more than half of those present in favour, votes that do not add up.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from markupsafe import Markup
from pelican.generators import Generator

from village.content import FeedCategory, FeedEntry, VillageContent
from village.editions import cards as edition_cards
from village.i18n import N_
from village.source import frontmatter, privacy, slugs, unused, yamltext
from village.source.dates import BadDate, chinese_date, parse_date
from village.source.encoding import read_source
from village.state import report_of

DECISIONS_DIR = "decisions"
URL = "gongkai/juece/"
STEPS = (N_("提议"), N_("商议"), N_("审议"), N_("决议"), N_("决议公开"), N_("实施结果公开"))
VOTING_STEPS = {"审议": "党员大会", "决议": "村民代表会议"}  # quorum 2/3, majority of those present
DISCLOSURE_STEPS = ("决议公开", "实施结果公开")
STEP_KEYS = {
    "步骤": "step", "日期": "date", "会议": "meeting", "应到": "members", "实到": "present",
    "赞成": "for", "反对": "against", "弃权": "abstain", "文件": "documents", "公开": "disclosure", "说明": "note",
}
MATTER_KEYS = {"标题": "title", "说明": "description", "步骤": "steps", "状态": "status"}


@dataclass
class Step:
    name: str
    date: dt.datetime
    line: int
    meeting: str = ""
    members: int | None = None
    present: int | None = None
    votes: tuple[int, int, int] | None = None  # for, against, abstain
    documents: list[str] = field(default_factory=list)
    disclosure: str = ""  # 索引号 of the disclosure item
    disclosure_item: object = None
    note: str = ""

    @property
    def locale_date(self) -> str:
        return chinese_date(self.date)


@dataclass
class Matter(VillageContent):
    type_name = "四议两公开事项"
    template = "decision"

    source_path: str
    title: str
    description: str
    slug: str
    steps: list[Step]

    @property
    def url(self) -> str:
        return f"{URL}{self.slug}/"

    @property
    def stage(self) -> str:
        return self.steps[-1].name

    @property
    def date(self) -> dt.datetime:
        return self.steps[-1].date

    @property
    def done(self) -> bool:
        return self.stage == STEPS[-1]

    def feed_entry(self) -> FeedEntry:
        # The body that published the newest linked disclosure (决议公开 / 实施结果公开) speaks for the
        # matter; before any, the feed writer falls back to the village's name.
        published = [s.disclosure_item for s in reversed(self.steps) if s.disclosure_item is not None]
        return FeedEntry(
            source=self, title=f"{self.title}（{self.stage}）", url=self.url, date=self.date,
            summary=Markup.escape(self.description or self.title), category=FeedCategory("四议两公开", "juece", URL),
            body=self.feed_html, authors=[published[0].publisher] if published and published[0].publisher else [],
        )

    def feed_html(self, siteurl: str) -> str:
        rows = "".join(f"<li>{s.locale_date} {s.name}{('：' + Markup.escape(s.meeting)) if s.meeting else ''}</li>" for s in self.steps)
        return f"<p>{Markup.escape(self.description)}</p><ol>{rows}</ol>"

    @property
    def locale_date(self) -> str:
        return chinese_date(self.date)

    @property
    def step_number(self) -> int:
        """Which of the six steps the matter has reached (1-based)."""
        return len(self.steps)

    @property
    def step_count(self) -> int:
        return len(STEPS)

    @property
    def next_step(self) -> str | None:
        return None if self.done else STEPS[len(self.steps)]

    @property
    def pending(self) -> tuple[str, ...]:
        """The steps not taken yet, in order."""
        return STEPS[len(self.steps):]

    @property
    def progress(self) -> list[StageMark]:
        """One mark per step of the procedure, for the stage bar: taken or not yet."""
        return [StageMark(name, index < len(self.steps)) for index, name in enumerate(STEPS)]


@dataclass(frozen=True)
class StageMark:
    name: str
    done: bool

    @property
    def state(self) -> str:
        return "done" if self.done else "todo"

    @property
    def label(self) -> str:
        """Spoken after the step's name: the bar's colour must not be the only signal."""
        return N_("（已完成）") if self.done else N_("（未进行）")


def _lines(text: str) -> dict:
    """Line of each step mapping and of each key inside it: {(i, key): line}."""
    lines: dict = {}
    try:
        root = yamltext.compose(text)
    except yaml.YAMLError:
        return lines
    if not isinstance(root, yaml.MappingNode):
        return lines
    for key, value in root.value:
        lines[key.value] = key.start_mark.line + 1
        if key.value in ("步骤", "steps") and isinstance(value, yaml.SequenceNode):
            for index, step in enumerate(value.value):
                lines[(index, None)] = step.start_mark.line + 1
                if isinstance(step, yaml.MappingNode):
                    for k, _ in step.value:
                        lines[(index, k.value)] = k.start_mark.line + 1
    return lines


def _number(raw, where: int, label: str, complain) -> int | None:
    if raw is None or raw == "":
        return None
    if isinstance(raw, bool) or not isinstance(raw, int) or raw < 0:
        complain(where, f"“{label}”应当是人数（不小于 0 的整数），现在写的是“{raw}”。")
        return None
    return raw


def read_matter(path: Path, settings) -> Matter | None:
    report = report_of(settings)
    shown = str(path)
    errors_before = len(report.errors)

    def complain(line, message):
        report.error(shown, line, message)

    loaded = _load(path, report, complain)
    if loaded is None:
        return None
    text, data = loaded
    lines = _lines(text)
    if edition_cards.unpublished_matter(shown, text, data, lines, settings):
        return None  # a translation (editions/): checked, not published yet
    data = {MATTER_KEYS.get(str(k), str(k)): v for k, v in data.items()}
    title = privacy.guard(str(data.get("title") or "").strip(), shown, settings, lines.get("标题", lines.get("title", 1)))
    if not title:
        complain(1, "缺少标题。请加一行“标题: 建设茶叶精加工生产线”。")
    raw_steps = data.get("steps")
    if not isinstance(raw_steps, list) or not raw_steps:
        complain(lines.get("步骤", 1), "缺少步骤。请写“步骤:”，下面每个步骤一段，第一步是“  - 步骤: 提议”。")
        return None
    steps: list[Step] = []
    for index, raw in enumerate(raw_steps):
        step = _read_step(index, raw, lines, shown, settings, complain, steps[-1] if steps else None)
        if step is not None:
            steps.append(step)
    if len(report.errors) > errors_before or not steps:
        return None
    description = privacy.guard(str(data.get("description") or "").strip(), shown, settings, lines.get("说明", lines.get("description", 1)))
    if "status" in data and frontmatter.status_is_draft(str(data["status"] or ""), lines.get("状态", lines.get("status", 1)), complain):
        return None  # a draft: checked like the others, never published
    return Matter(shown, title, description, slugs.slugify(path.stem) or "juece", steps)


def _load(path: Path, report, complain) -> tuple[str, dict] | None:
    """The file's text and its YAML mapping, or None (with the reason reported)."""
    text = read_source(path, report)  # GBK/GB18030 is read with a warning, as posts are
    if text is None:
        return None
    try:
        data = yamltext.load(text) or {}
    except yaml.YAMLError as exc:
        complain(yamltext.error_line(exc, text), "YAML 写法有误。每行写成“键: 值”，冒号后面空一格；每个步骤以“  - 步骤: 提议”开头，下面的行多缩进两格。")
        return None
    if not isinstance(data, dict):
        complain(1, "文件应当以“标题: …”开头，然后是“步骤:”和各个步骤。")
        return None
    return text, data


def _read_step(index: int, raw, lines: dict, shown: str, settings, complain, previous: Step | None) -> Step | None:
    """One step of the matter, checked against the step before it; None when unusable."""
    at = lines.get((index, None))
    if not isinstance(raw, dict):
        complain(at, "每个步骤要写成几行“键: 值”，第一行是“- 步骤: 提议”。")
        return None
    raw = {STEP_KEYS.get(str(k), str(k)): v for k, v in raw.items()}

    def line_of(key: str) -> int | None:
        written = next((c for c, k in STEP_KEYS.items() if k == key and (index, c) in lines), None)
        return lines.get((index, written), at)

    name = str(raw.get("step") or "").strip()
    if name not in STEPS:
        complain(at, f"步骤“{name}”不认识。四议两公开的步骤依次是：{'、'.join(STEPS)}。")
        return None
    try:
        date = parse_date(str(raw.get("date") or ""), settings.get("TIMEZONE", "Asia/Shanghai"))
    except BadDate as exc:
        complain(line_of("date"), f"{name}的日期有误：{exc}")
        return None
    step = Step(name, date, at or 1, str(raw.get("meeting") or "").strip(), note=str(raw.get("note") or "").strip())
    step.members = _number(raw.get("members"), line_of("members"), "应到", complain)
    step.present = _number(raw.get("present"), line_of("present"), "实到", complain)
    votes = [_number(raw.get(k), line_of(k), label, complain) for k, label in (("for", "赞成"), ("against", "反对"), ("abstain", "弃权"))]
    if any(v is not None for v in votes):
        step.votes = tuple(v or 0 for v in votes)
    docs = raw.get("documents") or []
    step.documents = [privacy.guard(str(d), shown, settings, line_of("documents")) for d in (docs if isinstance(docs, list) else [docs])]
    step.disclosure = str(raw.get("disclosure") or "").strip()
    step.note = privacy.guard(step.note, shown, settings, line_of("note"))
    _check_step(step, previous, line_of, complain)
    return step


def _check_step(step: Step, previous: Step | None, line_of, complain) -> None:
    order = STEPS.index(step.name)
    if previous is None and order != 0:
        complain(step.line, f"第一步应当是“提议”，这里是“{step.name}”。四议两公开的步骤依次是：{'、'.join(STEPS)}。")
    if previous is not None:
        expected = STEPS[STEPS.index(previous.name) + 1] if previous.name != STEPS[-1] else None
        if step.name != expected:
            complain(step.line, f"“{step.name}”不能排在“{previous.name}”后面。{previous.name}之后应当是“{expected or '（已经是最后一步）'}”。")
        if step.date < previous.date:
            complain(line_of("date"), f"{step.name}的日期 {step.date:%Y-%m-%d} 早于上一步{previous.name}的日期 {previous.date:%Y-%m-%d}。请核对日期。")
    if step.name in VOTING_STEPS:
        meeting = VOTING_STEPS[step.name]
        if step.members is None or step.present is None or step.votes is None:
            complain(step.line, f"{step.name}（{meeting}）要写应到、实到人数和表决结果：应到、实到、赞成、反对、弃权。")
            return
        if step.present > step.members:
            complain(line_of("present"), f"实到 {step.present} 人比应到 {step.members} 人还多。请核对人数。")
        elif step.present * 3 < step.members * 2:
            complain(line_of("present"), f"{meeting}应到 {step.members} 人，实到 {step.present} 人，不到三分之二，会议无效。需要至少 {-(-step.members * 2 // 3)} 人到会。")
        if sum(step.votes) != step.present:
            complain(line_of("for"), f"表决人数对不上：赞成 {step.votes[0]} + 反对 {step.votes[1]} + 弃权 {step.votes[2]} = {sum(step.votes)}，实到 {step.present} 人。")
        elif step.votes[0] * 2 <= step.present:
            complain(line_of("for"), f"赞成 {step.votes[0]} 票，没有超过实到 {step.present} 人的一半，不能通过。需要至少 {step.present // 2 + 1} 票赞成。")
    if step.name in DISCLOSURE_STEPS and not step.disclosure:
        complain(step.line, f"{step.name}要写明公开在哪一条：加一行“公开: 索引号”，索引号在公开栏那一条的页面上。")


class DecisionGenerator(Generator):
    def generate_context(self):
        folder = Path(self.settings["PATH"]) / DECISIONS_DIR
        self.matters: list[Matter] = []
        if folder.is_dir():
            for path in sorted(list(folder.rglob("*.yml")) + list(folder.rglob("*.yaml"))):
                unused.claim(self.context, path)
                matter = read_matter(path, self.settings)
                if matter is not None:
                    self.matters.append(matter)
        self.matters.sort(key=lambda m: m.date, reverse=True)
        self.context["village_decisions"] = self.matters
        self.link_disclosures()  # the disclosure generator has read its items by now
        if self.matters:
            self.context.setdefault("VILLAGE_DISCLOSURE_PAGES", []).extend(
                [(URL, "")] + [(m.url, m.date.isoformat()) for m in self.matters]
            )

    def link_disclosures(self) -> None:
        """Point the two disclosure steps at their items, and the items back at the matter."""
        items = {item.index_number: item for item in self.context.get("village_disclosures", [])}
        drafts = {item.index_number: item for item in self.context.get("village_disclosure_drafts", [])}
        report = report_of(self.settings)
        for matter in self.matters:
            for step in matter.steps:
                if step.disclosure:
                    step.disclosure_item = items.get(step.disclosure)
                    if step.disclosure_item is not None:
                        step.disclosure_item.decisions.append((matter, step))
                    elif step.disclosure in drafts:
                        report.error(matter.source_path, step.line, f"{step.name}写的索引号“{step.disclosure}”那一条公开还是草稿（{report.relative(drafts[step.disclosure].source_path)} 里写了“状态: 草稿”），不会发布。请先发布那一条，或者先不写这一步。")
                    else:
                        report.error(matter.source_path, step.line, f"{step.name}写的索引号“{step.disclosure}”在公开栏里找不到。请从那一条公开的页面上复制索引号。")

    def generate_output(self, writer):
        if not self.matters:
            return
        writer.write_file(f"{URL}index.html", self.get_template("decisions"), self.context, matters=self.matters)
        for matter in self.matters:
            writer.write_file(f"{matter.url}index.html", self.get_template(matter.template), self.context, matter=matter)


def has_decisions(settings) -> bool:
    folder = Path(settings.get("PATH", "content")) / DECISIONS_DIR
    return folder.is_dir() and any(folder.rglob("*.y*ml"))


def get_generators(pelican_object):
    return DecisionGenerator
