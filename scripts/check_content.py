"""The content check as a pre-commit hook: `.venv/bin/python scripts/check_content.py`.

The whole site is checked, not only the changed files, because a changed file can clash with
an unchanged one (two posts with one address); with the reader cache this takes about a second.
"""

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "plugins"))

from village.build import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main(["--check"]))
