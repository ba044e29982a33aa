"""What both benchmark commands share: a throwaway folder and the Chinese verdict on a target."""

from __future__ import annotations

import contextlib
import shutil
import tempfile
from pathlib import Path


@contextlib.contextmanager
def work_folder(prefix: str, keep: bool):
    folder = Path(tempfile.mkdtemp(prefix=prefix))
    try:
        yield folder
    finally:
        if keep:
            print(f"测试文件保留在 {folder}")
        else:
            shutil.rmtree(folder, ignore_errors=True)


def verdict(met: bool) -> str:
    return "达标" if met else "未达标"
