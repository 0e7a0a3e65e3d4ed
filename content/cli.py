"""The ``content`` command: keygen, build and verify signed content bundles."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Sequence
from pathlib import Path

from content.build import build, kind_counts, verify_built
from content.bundle import BundleError
from content.manifest import (
    ManifestError,
    new_signing_key,
    read_private_key,
    read_public_key,
    write_key_files,
)

#: Exit codes: 0 done; 1 verification failed (or a file could not be written); 2 refused input.
OK, FAILED, REFUSED = 0, 1, 2


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="content",
        description="Build and check signed content bundles (guides, slides, announcements) "
        "for the library kiosks. The format is described in content/README.md.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    keygen = commands.add_parser(
        "keygen",
        help="create a signing key: KEY (keep it secret) and KEY.pub (give it to the fleet)",
    )
    keygen.add_argument("--out", required=True, type=Path, metavar="KEY", help="key file to write")
    keygen.set_defaults(func=keygen_command)

    build_ = commands.add_parser(
        "build", help="check a bundle folder, then write its blobs and signed manifest"
    )
    build_.add_argument("source", type=Path, metavar="SRC", help="the bundle folder")
    build_.add_argument("--key", required=True, type=Path, help="the signing key (from keygen)")
    build_.add_argument(
        "--out",
        required=True,
        type=Path,
        metavar="DIR",
        help="output folder: DIR/manifest.json and DIR/blobs/ (earlier blobs are kept)",
    )
    build_.add_argument(
        "--version", type=int, metavar="N", help="the version to publish (overrides bundle.yaml)"
    )
    build_.set_defaults(func=build_command)

    verify = commands.add_parser(
        "verify", help="check a built bundle's signature, expiry and every blob"
    )
    verify.add_argument("folder", type=Path, metavar="DIR", help="a folder written by build")
    verify.add_argument(
        "--pubkey",
        required=True,
        type=Path,
        action="append",
        metavar="KEY",
        help="a trusted public key (KEY.pub); repeat it to trust several during a key rotation",
    )
    verify.add_argument(
        "--now", type=_aware, metavar="ISO", help="check expiry at this time (default: now)"
    )
    verify.set_defaults(func=verify_command)
    return parser


def _aware(text: str) -> dt.datetime:
    try:
        moment = dt.datetime.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not an ISO 8601 time") from None
    if moment.tzinfo is None:
        raise argparse.ArgumentTypeError(f"'{text}' needs a time zone, e.g. +00:00")
    return moment


def keygen_command(args: argparse.Namespace) -> int:
    private: Path = args.out
    public = private.with_name(private.name + ".pub")
    if existing := [p for p in (private, public) if p.exists()]:
        _error("keygen", f"{existing[0]} exists; a key is never overwritten")
        return REFUSED
    _, raw = new_signing_key()
    key = write_key_files(raw, private, public)
    print(f"content keygen: key {key.key_id}")
    print(f"  {private}  private: signs bundles; keep it off the fleet and the kiosks")
    print(f"  {public}  public: add it to the fleet's trusted content keys")
    return OK


def build_command(args: argparse.Namespace) -> int:
    try:
        private = read_private_key(args.key)
        result = build(args.source, private, args.out, version=args.version)
    except BundleError as error:
        count = len(error.problems)
        _error("build", f"{args.source} has {count} problem{'s' * (count != 1)}; nothing written")
        for problem in error.problems:
            print(f"  {problem}", file=sys.stderr)
        return REFUSED
    except ManifestError as error:
        _error("build", str(error))
        return REFUSED
    except OSError as error:
        _error("build", f"cannot write {args.out}: {error}")
        return FAILED
    manifest = result.signed.manifest
    print(
        f"content build: {manifest.label}, {len(manifest.files)} files, "
        f"{manifest.total_size} bytes; {result.new_blobs} new blobs ({result.new_bytes} bytes)"
    )
    print(f"  signed with key {manifest.key_id}, expires {_when(manifest.expires_at)}")
    print(f"  {args.out / 'manifest.json'}")
    return OK


def verify_command(args: argparse.Namespace) -> int:
    now = args.now or dt.datetime.now(dt.UTC)
    try:
        keys = [read_public_key(path) for path in args.pubkey]
        manifest, problems = verify_built(args.folder, {k.key_id: k for k in keys}, now)
    except ManifestError as error:
        _error("verify", f"{error} [{error.code}]")
        return FAILED
    if problems:
        _error("verify", f"{len(problems)} of {len(manifest.files)} blobs are bad")
        for problem in problems:
            print(f"  {problem} [{problem.code}]", file=sys.stderr)
        return FAILED
    counts = ", ".join(
        f"{n} {kind}{'s' * (n != 1)}" for kind, n in kind_counts(manifest).items() if n
    )
    print(f"content verify: OK: {manifest.label}")
    print(f"  files    {len(manifest.files)} ({counts})")
    print(f"  bytes    {manifest.total_size}")
    print(f"  key id   {manifest.key_id}")
    print(f"  expires  {_when(manifest.expires_at)}")
    return OK


def _when(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")


def _error(command: str, message: str) -> None:
    print(f"content {command}: {message}", file=sys.stderr)


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    result: int = args.func(args)
    return result


if __name__ == "__main__":
    sys.exit(main())
