"""PDFs made from the built site with WeasyPrint (printed cards, the yearly report): it reads the
site's own files and nothing else, so a PDF never asks another host for anything."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urlsplit


def site_fetcher(site: Path, site_url: str):
    """A WeasyPrint URL fetcher that serves the built site's own files and refuses everything else."""
    from weasyprint.urls import URLFetcher, URLFetcherResponse  # needs Pango

    class SiteFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            if url.startswith("data:"):
                return super().fetch(url, headers)
            parts = urlsplit(url)
            base = urlsplit(site_url)
            if (parts.scheme, parts.netloc) != (base.scheme, base.netloc):
                raise ValueError(f"不读取本站以外的地址：{url}")
            target = (site / unquote(parts.path).lstrip("/")).resolve()
            if target.is_dir():
                target = target / "index.html"
            if site.resolve() not in target.parents or not target.is_file():
                raise ValueError(f"网站里没有这个文件：{url}")
            return URLFetcherResponse(url, target.read_bytes(), {"Content-Type": mime_type(target)})

    return SiteFetcher()


def mime_type(path: Path) -> str:
    return {".css": "text/css", ".svg": "image/svg+xml", ".png": "image/png", ".jpg": "image/jpeg", ".webp": "image/webp",
            ".avif": "image/avif", ".html": "text/html"}.get(path.suffix.lower(), "application/octet-stream")
