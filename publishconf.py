"""Settings for the public site: absolute URLs from village.yml."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from pelicanconf import *  # noqa: E402,F403
from pelicanconf import VILLAGE  # noqa: E402

SITEURL = VILLAGE["site_url"]
RELATIVE_URLS = False
LOAD_CONTENT_CACHE = False  # a release is always built from scratch
VILLAGE_PRECOMPRESS = True  # minified CSS/JS and .gz/.br copies for static servers
