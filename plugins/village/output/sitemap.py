"""sitemap.xml and robots.txt, so search engines find every published post, page and album.

Written from what the build publishes (drafts and future posts are never in the context), with
the public site URL from village.yml.
"""

from __future__ import annotations

import os
from xml.sax.saxutils import escape

from pelican import signals

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
        mirror = state_of(self.settings).mirror
        entries = _entries(self.context)
        # Both files follow from these entries, the site URL and the mirror alone.
        cache = cache_of(self.settings)
        made_from = {**self.context, "output_file": "sitemap.xml", "entries": entries, "site_url": site_url, "mirror": mirror}
        key = cache.key("sitemap", made_from, {"entries", "site_url", "mirror"})
        if cache.reuse_files(("sitemap.xml", "robots.txt"), key, self.output_path):
            return
        lines = ['<?xml version="1.0" encoding="UTF-8"?>', f'<urlset xmlns="{SITEMAP_NS}" xmlns:xhtml="{XHTML_NS}">']
        for url, changed in entries:
            lastmod = f"<lastmod>{escape(changed)}</lastmod>" if changed else ""
            if not mirror:
                lines.append(f"  <url><loc>{escape(f'{site_url}/{url}')}</loc>{lastmod}</url>")
                continue
            # Each script's page is listed, and each names both versions (Google's hreflang rules).
            versions = {"zh-CN": f"{site_url}/{url}", mirror["lang"]: f"{site_url}/{mirror['prefix']}/{url}"}
            alternates = "".join(
                f'<xhtml:link rel="alternate" hreflang="{lang}" href="{escape(href)}"/>' for lang, href in versions.items()
            )
            for href in versions.values():
                lines.append(f"  <url><loc>{escape(href)}</loc>{lastmod}{alternates}</url>")
        lines.append("</urlset>")
        with open(os.path.join(self.output_path, "sitemap.xml"), "w", encoding="utf-8") as handle:
            handle.write("\n".join(lines) + "\n")
        with open(os.path.join(self.output_path, "robots.txt"), "w", encoding="utf-8") as handle:
            handle.write(f"User-agent: *\nAllow: /\nSitemap: {site_url}/sitemap.xml\n")


def get_generators(pelican_object):
    return SitemapGenerator
