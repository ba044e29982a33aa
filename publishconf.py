"""Settings for the public site: absolute URLs from village.yml."""

import runpy
from pathlib import Path

globals().update(
    (name, value)
    for name, value in runpy.run_path(str(Path(__file__).with_name("pelicanconf.py"))).items()
    if name.isupper()
)

SITEURL = VILLAGE["site_url"]  # noqa: F821 - defined by pelicanconf.py above
RELATIVE_URLS = False
LOAD_CONTENT_CACHE = False  # a release is always built from scratch
VILLAGE_PRECOMPRESS = True  # minified CSS/JS and .gz/.br copies for static servers
