"""Stable sharding of villages over N CI runners: a village's shard follows from its own key and N
alone (a hash, never its position in county.yml), so adding a village moves no other village and
a village's own repository can trigger just its shard."""

from __future__ import annotations

import hashlib
import sys

from county.config import County


def shard_of(key: str, shards: int) -> int:
    """0-based shard of a village key (township/village)."""
    return int.from_bytes(hashlib.sha256(key.encode()).digest()[:8], "big") % shards


def villages_in(county: County, shard: int, shards: int) -> set[str]:
    return {v.key for v in county.villages if shard_of(v.key, shards) == shard}


def main(argv: list[str]) -> int:
    """`python -m county shard <township/village> <N>`: print the 1-based shard, as CI matrices count."""
    if len(argv) != 2 or not argv[1].isdigit() or int(argv[1]) < 1:
        print("用法：python -m county shard 乡镇网址名/村网址名 分片数，例如 python -m county shard guishan/qinghe 4")
        return 2
    print(shard_of(argv[0], int(argv[1])) + 1)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
