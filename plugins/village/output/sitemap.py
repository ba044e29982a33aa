"""sitemap.xml and robots.txt, so search engines find every published post, page and album.

Written from what the build publishes (drafts and future posts are never in the context), with
the public site URL from village.yml.
"""

from __future__ import annotations

import os
from xml.sax.saxutils import escape

from pelican import signals

from village.editions.languages import CHINESE
from village.output.generator import OutputGenerator
from village.output.render_cache import cache_of
from village.state import state_of

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
XHTML_NS = "http://www.w3.org/1999/xhtml"


def _entries(context) -> list[tuple[str, str]]:
    """(site-relative URL, last modified date) of everything worth finding."""
    entries = [("", ""), ("archives/", ""), ("albums/", ""), ("feeds/", ""), ("search/", "")]
    for item in list(context.get("articles", [])) + list(context.get("pages", [])):
        changed = getattr(item, "modified", None) or getattr(item, "date", None)
        entries.append((item.url, changed.isoformat() if changed else ""))
    for category, _ in context.get("categories", []):
        entries.append((category.url, ""))
    for album in context.get("albums", []):
        entries.append((album.url, album.date.isoformat()))
    entries += context.get("VILLAGE_CARD_PAGES", [])  # cards/generator.py: the 三卡 pages
    entries += context.get("VILLAGE_DISCLOSURE_PAGES", [])  # gongkai/generator.py, decisions.py: the 公开栏
    return entries


class SitemapGenerator(OutputGenerator):

    def generate_output(self, writer):
        site_url = self.settings["VILLAGE"]["site_url"]
        state = state_of(self.settings)
        mirror = state.mirror
        editions = state.editions
        entries = _entries(self.context)
        # Both files follow from these entries, the site URL, the mirror and the editions alone.
        cache = cache_of(self.settings)
        made_from = {**self.context, "output_file": "sitemap.xml", "entries": entries, "site_url": site_url, "mirror": mirror,
                     "editions": editions.render_key()}
        key = cache.key("sitemap", made_from, {"entries", "site_url", "mirror", "editions"})
        if cache.reuse_files(("sitemap.xml", "robots.txt"), key, self.output_path):
            return
        lines = ['<?xml version="1.0" encoding="UTF-8"?>', f'<urlset xmlns="{SITEMAP_NS}" xmlns:xhtml="{XHTML_NS}">']
        for url, changed in entries:
            lastmod = f"<lastmod>{escape(changed)}</lastmod>" if changed else ""
            own = {state.language.tag: f"{site_url}/{url}"}
            if mirror:
                own[mirror["lang"]] = f"{site_url}/{mirror['prefix']}/{url}"
            # Each edition that has the page (editions/): the Chinese original and its translations.
            others = {link["hreflang"]: link["href"] for link in editions.hreflang(url)}
            versions = {**own, **others}
            if len(versions) < 2:
                lines.append(f"  <url><loc>{escape(f'{site_url}/{url}')}</loc>{lastmod}</url>")
                continue
            # Each of this site's versions is listed, and each names every version (Google's hreflang rules).
            alternates = "".join(
                f'<xhtml:link rel="alternate" hreflang="{lang}" href="{escape(href)}"/>' for lang, href in versions.items()
            )
            for href in own.values():
                lines.append(f"  <url><loc>{escape(href)}</loc>{lastmod}{alternates}</url>")
        lines.append("</urlset>")
        with open(os.path.join(self.output_path, "sitemap.xml"), "w", encoding="utf-8") as handle:
            handle.write("\n".join(lines) + "\n")
        sitemaps = [f"{site_url}/sitemap.xml"]
        if editions.current.code == CHINESE.code:  # the editions' own sitemaps, from the Chinese site's robots.txt
            sitemaps += [f"{site_url}/{lang.code}/sitemap.xml" for lang in editions.enabled]
        with open(os.path.join(self.output_path, "robots.txt"), "w", encoding="utf-8") as handle:
            handle.write("User-agent: *\nAllow: /\n" + "".join(f"Sitemap: {sitemap}\n" for sitemap in sitemaps))


def get_generators(pelican_object):
    return SitemapGenerator
