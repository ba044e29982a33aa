"""Checks a feed against what RFC 4287 (Atom) and the RSS 2.0 specification require.

Returns a list of violations in plain words, so a test failure says exactly what is wrong.
"""

from __future__ import annotations

import email.utils
import re
from urllib.parse import urlsplit

from lxml import etree

ATOM = "{http://www.w3.org/2005/Atom}"
CONTENT = "{http://purl.org/rss/1.0/modules/content/}"
RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")
RFC822 = re.compile(r"^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} [+-]\d{4}$")
_LINKED = re.compile(r'(?:href|src)="([^"]*)"')
_SRCSET = re.compile(r'srcset="([^"]*)"')


def _absolute(url: str | None) -> bool:
    parts = urlsplit(url or "")
    return parts.scheme in ("http", "https", "tag") and bool(parts.netloc or parts.scheme == "tag")


def _relative_links(html: str) -> list[str]:
    urls = _LINKED.findall(html or "")
    urls += [c.strip().split(" ")[0] for srcset in _SRCSET.findall(html or "") for c in srcset.split(",")]
    return [u for u in urls if not _absolute(u) and not u.startswith(("mailto:", "tel:", "#"))]


def check_atom(xml: bytes) -> list[str]:
    problems = []
    root = etree.fromstring(xml)
    if root.tag != f"{ATOM}feed":
        return ["root element is not atom:feed"]
    if root.get("{http://www.w3.org/XML/1998/namespace}lang") != "zh-CN":
        problems.append("feed xml:lang is not zh-CN")
    for name in ("id", "title", "updated"):
        if len(root.findall(f"{ATOM}{name}")) != 1:
            problems.append(f"feed must have exactly one atom:{name}")
    if not _absolute(root.findtext(f"{ATOM}id")):
        problems.append("feed id is not an absolute IRI")
    if not RFC3339.match(root.findtext(f"{ATOM}updated") or ""):
        problems.append("feed updated is not an RFC 3339 date")
    if not [l for l in root.findall(f"{ATOM}link") if l.get("rel") == "self" and _absolute(l.get("href"))]:
        problems.append("feed has no absolute rel=self link")
    feed_has_author = root.find(f"{ATOM}author/{ATOM}name") is not None
    ids = []
    for index, entry in enumerate(root.findall(f"{ATOM}entry")):
        where = f"entry {index + 1}"
        for name in ("id", "title", "updated"):
            if len(entry.findall(f"{ATOM}{name}")) != 1:
                problems.append(f"{where}: must have exactly one atom:{name}")
        entry_id = entry.findtext(f"{ATOM}id")
        ids.append(entry_id)
        if not _absolute(entry_id):
            problems.append(f"{where}: id {entry_id!r} is not an absolute IRI")
        for name in ("updated", "published"):
            value = entry.findtext(f"{ATOM}{name}")
            if value is not None and not (RFC3339.match(value) and value.endswith("+08:00")):
                problems.append(f"{where}: {name} {value!r} is not RFC 3339 in +08:00")
        alternates = [l for l in entry.findall(f"{ATOM}link") if l.get("rel", "alternate") == "alternate"]
        if len(alternates) != 1 or not _absolute(alternates[0].get("href")):
            problems.append(f"{where}: needs exactly one absolute alternate link")
        content = entry.find(f"{ATOM}content")
        if content is None or content.get("type") != "html" or not (content.text or "").strip():
            problems.append(f"{where}: needs html content")
        elif _relative_links(content.text):
            problems.append(f"{where}: relative links in content: {_relative_links(content.text)[:3]}")
        if not feed_has_author and entry.find(f"{ATOM}author/{ATOM}name") is None:
            problems.append(f"{where}: no author in entry or feed")
        if not entry.findall(f"{ATOM}category"):
            problems.append(f"{where}: no category")
    if len(ids) != len(set(ids)):
        problems.append("entry ids are not unique")
    return problems


def check_rss(xml: bytes) -> list[str]:
    problems = []
    root = etree.fromstring(xml)
    if root.tag != "rss" or root.get("version") != "2.0":
        return ["root element is not rss version 2.0"]
    channel = root.find("channel")
    if channel is None:
        return ["no channel"]
    for name in ("title", "link", "description"):
        if not (channel.findtext(name) or "").strip():
            problems.append(f"channel must have {name}")
    if not _absolute(channel.findtext("link")):
        problems.append("channel link is not absolute")
    if channel.findtext("language") != "zh-CN":
        problems.append("channel language is not zh-CN")
    for name in ("lastBuildDate", "pubDate"):
        value = channel.findtext(name)
        if value is not None and not RFC822.match(value):
            problems.append(f"channel {name} {value!r} is not an RFC 822 date")
    guids = []
    for index, item in enumerate(channel.findall("item")):
        where = f"item {index + 1}"
        if not (item.findtext("title") or item.findtext("description")):
            problems.append(f"{where}: needs a title or description")
        if not _absolute(item.findtext("link")):
            problems.append(f"{where}: link is not absolute")
        guid = item.find("guid")
        if guid is None or not guid.text:
            problems.append(f"{where}: no guid")
        else:
            guids.append(guid.text)
            permalink = guid.get("isPermaLink", "true") == "true"
            if permalink and not guid.text.startswith(("http://", "https://")):
                problems.append(f"{where}: guid {guid.text!r} claims to be a permalink but is not a URL")
        pub = item.findtext("pubDate") or ""
        if not RFC822.match(pub) or not pub.endswith("+0800"):
            problems.append(f"{where}: pubDate {pub!r} is not RFC 822 in +0800")
        else:
            email.utils.parsedate_to_datetime(pub)
        content = item.findtext(f"{CONTENT}encoded") or ""
        if not content.strip():
            problems.append(f"{where}: no full content")
        elif _relative_links(content):
            problems.append(f"{where}: relative links in content: {_relative_links(content)[:3]}")
        if not item.findall("category"):
            problems.append(f"{where}: no category")
    if len(guids) != len(set(guids)):
        problems.append("guids are not unique")
    return problems
