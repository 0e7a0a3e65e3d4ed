"""``python -m content.schema --write|--check``: regenerate or check the published schemas."""

from __future__ import annotations

import argparse
import sys

from content.schema import SCHEMA_DIRECTORY, stale, write


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m content.schema", description=__doc__)
    action = parser.add_mutually_exclusive_group(required=True)
    action.add_argument("--write", action="store_true", help="regenerate the schema files")
    action.add_argument("--check", action="store_true", help="fail if a file is out of date")
    args = parser.parse_args()
    if args.write:
        for name in write():
            print(f"wrote {SCHEMA_DIRECTORY / name}")
        return 0
    if names := stale():
        print(
            f"out of date: {', '.join(names)}; run python -m content.schema --write",
            file=sys.stderr,
        )
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
