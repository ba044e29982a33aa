"""Checks a feed against what RFC 4287 (Atom) and the RSS 2.0 specification require.

Returns a list of violations in plain words, so a test failure says exactly what is wrong.
"""

from __future__ import annotations

import email.utils
import re
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit

from lxml import etree

ATOM = "{http://www.w3.org/2005/Atom}"
CONTENT = "{http://purl.org/rss/1.0/modules/content/}"
DC = "{http://purl.org/dc/elements/1.1/}"
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


def _shared(where: str, name: str, values: list) -> list[str]:
    """Feed readers sort and de-duplicate by entry times: two entries must not share one."""
    return [f"{where} share {name} {value!r}" for value, count in Counter(v for v in values if v).items() if count > 1]


def _self_link(links, url: str | None, own_suffix: str) -> list[str]:
    hrefs = [link.get("href") for link in links if link.get("rel") == "self"]
    if len(hrefs) != 1 or not _absolute(hrefs[0]):
        return ["feed has no absolute rel=self link"]
    if url is not None and hrefs[0] != url:
        return [f"rel=self link {hrefs[0]!r} is not the feed's own address {url!r}"]
    if not hrefs[0].endswith(own_suffix):
        return [f"rel=self link {hrefs[0]!r} points at another feed, not this {own_suffix} file"]
    return []


def check_feed(path: Path, site_url: str, language: str = "zh-CN") -> list[str]:
    """Check a written feed file, knowing the address it is published at and its language (an
    edition's BCP 47 tag, editions/languages.py)."""
    url = f"{site_url}/feeds/{path.name}"
    check = check_atom if path.name.endswith(".atom.xml") else check_rss
    return check(path.read_bytes(), url, language)


def check_atom(xml: bytes, url: str | None = None, language: str = "zh-CN") -> list[str]:
    problems = []
    root = etree.fromstring(xml)
    if root.tag != f"{ATOM}feed":
        return ["root element is not atom:feed"]
    if root.get("{http://www.w3.org/XML/1998/namespace}lang") != language:
        problems.append(f"feed xml:lang is not {language}")
    for name in ("id", "title", "updated"):
        if len(root.findall(f"{ATOM}{name}")) != 1:
            problems.append(f"feed must have exactly one atom:{name}")
    if not _absolute(root.findtext(f"{ATOM}id")):
        problems.append("feed id is not an absolute IRI")
    if not RFC3339.match(root.findtext(f"{ATOM}updated") or ""):
        problems.append("feed updated is not an RFC 3339 date")
    problems += _self_link(root.findall(f"{ATOM}link"), url, ".atom.xml")
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
        alternates = [link for link in entry.findall(f"{ATOM}link") if link.get("rel", "alternate") == "alternate"]
        if len(alternates) != 1 or not _absolute(alternates[0].get("href")):
            problems.append(f"{where}: needs exactly one absolute alternate link")
        content = entry.find(f"{ATOM}content")
        if content is None or content.get("type") != "html" or not (content.text or "").strip():
            problems.append(f"{where}: needs html content")
        elif _relative_links(content.text):
            problems.append(f"{where}: relative links in content: {_relative_links(content.text)[:3]}")
        if not (entry.findtext(f"{ATOM}author/{ATOM}name") or "").strip():
            problems.append(f"{where}: no author of its own (who published it)")
        if not entry.findall(f"{ATOM}category"):
            problems.append(f"{where}: no category")
    if len(ids) != len(set(ids)):
        problems.append("entry ids are not unique")
    for name in ("updated", "published"):
        problems += _shared("entries", name, [e.findtext(f"{ATOM}{name}") for e in root.findall(f"{ATOM}entry")])
    return problems


def check_rss(xml: bytes, url: str | None = None, language: str = "zh-CN") -> list[str]:
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
    if channel.findtext("language") != language:
        problems.append(f"channel language is not {language}")
    problems += _self_link(channel.findall(f"{ATOM}link"), url, ".rss.xml")
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
        if not (item.findtext(f"{DC}creator") or item.findtext("author") or "").strip():
            problems.append(f"{where}: no author (dc:creator) naming who published it")
    if len(guids) != len(set(guids)):
        problems.append("guids are not unique")
    problems += _shared("items", "pubDate", [i.findtext("pubDate") for i in channel.findall("item")])
    return problems
