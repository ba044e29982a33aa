"""`python -m county build|bench …`."""

import sys

from county import build

if __name__ == "__main__":
    command = sys.argv[1] if len(sys.argv) > 1 else "build"
    if command == "bench":
        from county import bench

        sys.exit(bench.main(sys.argv[2:]))
    if command == "shard":
        from county import shards

        sys.exit(shards.main(sys.argv[2:]))
    if command in ("publish", "rollback"):
        from county import publish

        sys.exit(publish.main(sys.argv[1:]))
    if command == "portal":
        sys.exit(build.portal_main(sys.argv[2:]))
    sys.exit(build.main(sys.argv[2:]))
