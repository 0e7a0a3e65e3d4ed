"""Content bundles: the source folder's format and checks, and loading a bundle's tree.

A bundle folder (the source an editor writes, and the tree a kiosk unpacks) holds::

    bundle.yaml                 id, version, languages, title, expires_in_days
    guides/<id>.<lang>.md       help guides (content.guides), pictures in guides/images/
    slides/<id>.yaml            info-screen slides (content.slides.Slide)
    announcements/<id>.yaml     time-limited notices (content.slides.Announcement)
    images/<name>.svg|png|jpg   the slides' pictures

``load_bundle()`` checks all of it and reports every problem at once, each as
``file:line: message``. Names starting with ``.`` or ``__`` and README.md files are ignored.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import difflib
import os
import re
import shutil
import types
import typing
import unicodedata
from collections.abc import Sequence
from pathlib import Path, PurePosixPath
from typing import Annotated, Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator
from pydantic_core import ErrorDetails

from content.guides import REQUIRED_LANGUAGES, GuideError, GuideSet, load_guides
from content.images import IMAGE_SUFFIXES, image_problem
from content.manifest import (
    BLOBS_DIR,
    FILE_PATH,
    FileKind,
    Manifest,
    ManifestError,
    check_blob,
    safe_path,
)
from content.slides import BRANCH_ID, ITEM_ID, LANGUAGE, Announcement, Language, Slide

BUNDLE_FILE = "bundle.yaml"
MAX_YAML_BYTES = 64 * 1024
MAX_FILE_BYTES = 100 * 1024 * 1024  # the manifest's limit per file
MAX_FILES = 10_000
DEFAULT_EXPIRES_IN_DAYS = 90

_TEXT_FOLDERS = {"slides": FileKind.SLIDE, "announcements": FileKind.ANNOUNCEMENT}
_IMAGE_FOLDERS = ("images", "guides/images")
_LAYOUT = (
    "a bundle folder holds bundle.yaml, guides/*.md, guides/images/, slides/*.yaml, "
    "announcements/*.yaml and images/"
)


BUNDLE_ID = re.compile(r"^[a-z][a-z0-9-]{0,39}$")
#: What each id pattern asks for, in words.
_PATTERNS = {
    BUNDLE_ID.pattern: "lowercase letters, digits and '-', starting with a letter",
    ITEM_ID.pattern: "lowercase letters, digits, '-' and '_', as in the file name",
    LANGUAGE.pattern: "a language code of 2 or 3 lowercase letters, e.g. fi",
    BRANCH_ID.pattern: "a branch id: lowercase letters, digits and '-', e.g. oodi",
}


class BundleInfo(BaseModel):
    """``bundle.yaml``: what the bundle is and which languages every text has."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)

    id: str = Field(pattern=BUNDLE_ID.pattern, description="the same for every version")
    version: int = Field(ge=1, le=2**31, description="raise it for every published change")
    languages: tuple[Language, ...] = Field(
        max_length=10,
        description="every text exists in each; fi, sv and en are required",
    )
    title: dict[Language, Annotated[str, Field(min_length=1, max_length=80)]] | None = None
    expires_in_days: int = Field(
        DEFAULT_EXPIRES_IN_DAYS,
        ge=1,
        le=366,
        description="kiosks refuse the built bundle this long after it was built",
    )

    @field_validator("languages")
    @classmethod
    def _required(cls, languages: tuple[str, ...]) -> tuple[str, ...]:
        if len(set(languages)) != len(languages):
            raise ValueError("a language is listed twice")
        if missing := [lang for lang in REQUIRED_LANGUAGES if lang not in languages]:
            raise ValueError(
                f"{', '.join(missing)} missing: every bundle has {', '.join(REQUIRED_LANGUAGES)}"
            )
        return languages


@dataclasses.dataclass(frozen=True)
class Problem:
    """One thing to fix: the file (relative to the bundle folder), the line if known, what."""

    path: str
    line: int | None
    message: str

    def __str__(self) -> str:
        return (
            f"{self.path}:{self.line}: {self.message}"
            if self.line
            else f"{self.path}: {self.message}"
        )


class BundleError(ValueError):
    """A bundle that cannot be used; ``problems`` lists everything wrong, one per line."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = tuple(problems)
        super().__init__("\n".join(str(problem) for problem in self.problems))


@dataclasses.dataclass(frozen=True)
class BundleFile:
    """A file of the bundle: its path in the bundle and in the manifest, its kind, where it is."""

    path: str
    kind: FileKind
    source: Path


@dataclasses.dataclass(frozen=True)
class Bundle:
    """A checked bundle: its details, guides, slides (in file-name order) and announcements."""

    info: BundleInfo
    guides: GuideSet
    slides: tuple[Slide, ...]
    announcements: tuple[Announcement, ...]
    files: tuple[BundleFile, ...]
    directory: Path

    def slides_at(self, moment_local: dt.datetime, branch_id: str) -> list[Slide]:
        """The slides a kiosk of ``branch_id`` rotates through at its wall-clock time."""
        return [s for s in self.slides if s.for_branch(branch_id) and s.shows_at(moment_local)]

    def announcements_at(self, now: dt.datetime, branch_id: str) -> list[Announcement]:
        """The announcements showing now at ``branch_id``: urgent first, newest first."""
        active = [a for a in self.announcements if a.for_branch(branch_id) and a.active_at(now)]
        return sorted(active, key=lambda a: (a.level != "urgent", -a.start.timestamp(), a.id))

    def image_path(self, image: str) -> Path:
        """The file of a slide's picture (``images/...``)."""
        return self.directory / image


def load_bundle(folder: Path) -> Bundle:
    """Read and check a bundle folder; BundleError lists every problem if anything is wrong."""
    return _Checker(Path(folder)).load()


def unpack(built: Path, manifest: Manifest, target: Path) -> None:
    """Write the manifest's files from ``built/blobs`` into the empty folder ``target``.

    Every blob's bytes are checked before they are written (ManifestError ``bad_blob``).
    The caller has verified the manifest's signature; ``target`` is a fresh folder that it
    switches to atomically once this returns.
    """
    target.mkdir(parents=True, exist_ok=True)
    if any(target.iterdir()):
        raise ValueError(f"{target} is not empty")
    for item in manifest.files:
        try:
            data = (built / BLOBS_DIR / item.sha256).read_bytes()
        except OSError as error:
            raise ManifestError("bad_blob", f"{item.path}: the blob is missing") from error
        check_blob(data, item)
        path = target / item.path
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)


def open_built(built: Path, manifest: Manifest, target: Path) -> Bundle:
    """Unpack a verified manifest's blobs into ``target`` and load the bundle from there.

    BundleError if the unpacked tree is not a valid bundle or does not match the manifest
    (another bundle id or languages); the version is the manifest's (``--version`` may
    override ``bundle.yaml``'s at build time).
    """
    try:
        unpack(built, manifest, target)
    except ManifestError:
        shutil.rmtree(target, ignore_errors=True)
        raise
    bundle = load_bundle(target)
    problems = []
    if bundle.info.id != manifest.bundle:
        problems.append(f"bundle id '{bundle.info.id}' but the manifest is for '{manifest.bundle}'")
    if bundle.info.languages != manifest.languages:
        problems.append("the languages differ from the manifest's")
    if problems:
        raise BundleError([Problem(BUNDLE_FILE, None, p) for p in problems])
    if bundle.info.version != manifest.version:
        info = bundle.info.model_copy(update={"version": manifest.version})
        bundle = dataclasses.replace(bundle, info=info)
    return bundle


# --- YAML ------------------------------------------------------------------------------------

_BaseLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_INT, _FLOAT = "tag:yaml.org,2002:int", "tag:yaml.org,2002:float"
_BOOL, _TIMESTAMP = "tag:yaml.org,2002:bool", "tag:yaml.org,2002:timestamp"


class YamlLoader(_BaseLoader):  # type: ignore[valid-type,misc]
    """YAML without YAML 1.1's surprises: ``no`` and ``on`` stay text (``no`` is Norwegian),
    ``10:30`` stays a time instead of becoming 630, and dates stay text for the models."""


YamlLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag not in (_INT, _FLOAT, _BOOL, _TIMESTAMP)]
    for first, resolvers in _BaseLoader.yaml_implicit_resolvers.items()
}
YamlLoader.add_implicit_resolver(
    _BOOL, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)
YamlLoader.add_implicit_resolver(
    _INT, re.compile(r"^[-+]?(?:0|[1-9][0-9]*)$"), list("-+0123456789")
)
YamlLoader.add_implicit_resolver(
    _FLOAT,
    re.compile(r"^[-+]?(?:[0-9]+\.[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?$"),
    list("-+.0123456789"),
)

Loc = tuple[str | int, ...]


def _read_yaml(data: bytes, fail: _Fail) -> tuple[Any, dict[Loc, int]] | None:
    """The document and the line of every key and list item (by its path), or None on error."""
    if len(data) > MAX_YAML_BYTES:
        fail(None, f"the file is {len(data) // 1024} KB; at most {MAX_YAML_BYTES // 1024} KB")
        return None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        fail(data[: exc.start].count(b"\n") + 1, "the file is not UTF-8 text")
        return None
    for number, line in enumerate(text.splitlines(), 1):
        if any(unicodedata.category(c) == "Cc" and c != "\t" for c in line):
            fail(number, "the line has an invisible control character")
            return None
    loader = YamlLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            fail(1, "the file is empty")
            return None
        lines: dict[Loc, int] = {(): node.start_mark.line + 1}
        if not _walk_yaml(node, (), lines, loader, fail):
            return None
        return loader.construct_document(node), lines
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        reason = f"not valid YAML: {exc.problem or exc.context}"
        if exc.context_mark and mark is not exc.context_mark:
            reason += f" ({exc.context} on line {exc.context_mark.line + 1})"
        fail(
            mark.line + 1 if mark else None,
            reason + "; put a value in quotes if it has ': ', ' #' or starts with [ { * & ! ' \"",
        )
    except yaml.YAMLError as exc:
        fail(None, f"not valid YAML: {exc}")
    finally:
        loader.dispose()
    return None


def _walk_yaml(
    node: yaml.Node,
    path: Loc,
    lines: dict[Loc, int],
    loader: Any,
    fail: _Fail,
    visited: set[int] | None = None,
) -> bool:
    # An alias makes the composer reuse a node: refused, as a few nested aliases in a small
    # file can expand to billions of values ("billion laughs").
    visited = set() if visited is None else visited
    if id(node) in visited:
        # The node's own mark is the anchor's; the field holding the alias is where it is used.
        keys = [n for n in range(len(path), 0, -1) if isinstance(path[n - 1], str)]
        line = lines.get(path[: keys[0]]) if keys else None
        fail(line, "anchors and aliases (& and *) are not supported")
        return False
    visited.add(id(node))
    if isinstance(node, yaml.MappingNode):
        seen: set[object] = set()
        for key_node, value_node in node.value:
            key = loader.construct_object(key_node, deep=True)
            line = key_node.start_mark.line + 1
            if not isinstance(key, str | int) or isinstance(key, bool):
                fail(line, f"'{key}' is not a field name")
                return False
            if key in seen:
                fail(line, f"the field '{key}' is given twice")
                return False
            seen.add(key)
            lines[(*path, key)] = line
            if not _walk_yaml(value_node, (*path, key), lines, loader, fail, visited):
                return False
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            lines[(*path, index)] = item.start_mark.line + 1
            if not _walk_yaml(item, (*path, index), lines, loader, fail, visited):
                return False
    return True


class _Fail(typing.Protocol):
    def __call__(self, line: int | None, message: str) -> None: ...


def _pydantic_problems(
    error: ValidationError, model: type[BaseModel], lines: dict[Loc, int], fail: _Fail
) -> None:
    items = error.errors(include_url=False)
    locs = [tuple(part for part in item["loc"] if part != "[key]") for item in items]
    # A misspelt field is one mistake: "unknown field 'titel' (did you mean 'title'?)" says
    # it all, without "the field 'title' is missing" beside it.
    misspelt = {
        (*loc[:-1], close[0])
        for item, loc in zip(items, locs, strict=True)
        if item["type"] == "extra_forbidden"
        and (close := difflib.get_close_matches(str(loc[-1]), _fields_at(model, loc[:-1]), n=1))
    }
    for item, loc in zip(items, locs, strict=True):
        if item["type"] == "too_short" and any(
            len(other) > len(loc) and other[: len(loc)] == loc for other in locs
        ):
            continue  # pydantic's "0 items after validation" when every item failed
        if item["type"] == "missing" and loc in misspelt:
            continue
        line = next((lines[loc[:n]] for n in range(len(loc), -1, -1) if loc[:n] in lines), None)
        fail(line, _explain(item, loc, model))


def _explain(item: ErrorDetails, loc: Loc, model: type[BaseModel]) -> str:
    name = ".".join(str(part) for part in loc)
    kind, ctx, message = item["type"], item.get("ctx", {}), item["msg"]
    if kind == "extra_forbidden":
        fields = _fields_at(model, loc[:-1])
        close = difflib.get_close_matches(str(loc[-1]), fields, n=1)
        hint = f" (did you mean '{close[0]}'?)" if close else ""
        return f"unknown field '{loc[-1]}'{hint}; the fields here are {', '.join(fields)}"
    if kind == "missing":
        return f"the field '{name}' is missing"
    if kind == "model_type" and not loc:
        return "write the file as 'name: value' lines"
    if kind == "string_too_long":
        length = len(item["input"]) if isinstance(item["input"], str) else 0
        return f"'{name}' is {length} characters; at most {ctx.get('max_length')}"
    if kind == "string_too_short" and ctx.get("min_length") == 1:
        return f"'{name}' is empty"
    if kind == "string_pattern_mismatch" and ctx.get("pattern") in _PATTERNS:
        return f"'{name}' is '{item['input']}'; write {_PATTERNS[ctx['pattern']]}"
    if kind == "timezone_aware":
        return f"'{name}' needs a time zone, e.g. 2026-05-04T09:00:00+03:00"
    if kind == "value_error":
        message = str(ctx.get("error", message))
    elif message[:2].istitle():  # pydantic's "Input should be ..."; keep "HTML ..." as it is
        message = message[0].lower() + message[1:]
    return f"'{name}': {message}" if loc else message


def _fields_at(model: type[BaseModel], loc: Loc) -> list[str]:
    """The field names (as written in YAML) of the model found at ``loc`` inside ``model``."""
    current: type[BaseModel] = model
    for part in loc:
        found = next((f for n, f in current.model_fields.items() if part in (n, f.alias)), None)
        if found is None:
            continue  # a dict key or list index: still the same model below it
        inner = _model_in(found.annotation)
        if inner is None:
            return []
        current = inner
    return [f.alias or n for n, f in current.model_fields.items()]


def _model_in(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    if typing.get_origin(annotation) is Annotated:
        return _model_in(typing.get_args(annotation)[0])
    for arg in typing.get_args(annotation):
        if arg is not types.NoneType and (found := _model_in(arg)) is not None:
            return found
    return None


# --- checking a folder ------------------------------------------------------------------------


def _ignored(name: str) -> bool:
    return name.startswith((".", "__")) or name.lower() == "readme.md"


def _kind(path: str) -> FileKind | None:
    parts = PurePosixPath(path).parts
    suffix = PurePosixPath(path).suffix.lower()
    if path == BUNDLE_FILE:
        return FileKind.BUNDLE
    if len(parts) == 2 and parts[0] == "guides" and suffix == ".md":
        return FileKind.GUIDE
    if len(parts) == 2 and parts[0] in _TEXT_FOLDERS and suffix == ".yaml":
        return _TEXT_FOLDERS[parts[0]]
    if "/".join(parts[:-1]) in _IMAGE_FOLDERS and suffix in IMAGE_SUFFIXES:
        return FileKind.IMAGE
    return None


_Item = typing.TypeVar("_Item", Slide, Announcement)


class _Checker:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.problems: list[Problem] = []

    def fail(self, path: str, line: int | None, message: str) -> None:
        self.problems.append(Problem(path, line, message))

    def failer(self, path: str) -> _Fail:
        return lambda line, message: self.fail(path, line, message)

    def load(self) -> Bundle:
        if not self.root.is_dir():
            raise BundleError([Problem(str(self.root), None, "the bundle folder does not exist")])
        files = self._files()
        by_path = {f.path: f for f in files}
        info = self._info(by_path.get(BUNDLE_FILE))
        languages = info.languages if info else REQUIRED_LANGUAGES
        guides = self._guides(languages) if (self.root / "guides").is_dir() else GuideSet({})
        for item in files:
            if item.kind == FileKind.IMAGE:
                self._image(item)
        slides = [
            slide
            for item in files
            if item.kind == FileKind.SLIDE
            and (slide := self._item(item, Slide, languages, by_path)) is not None
        ]
        announcements = [
            notice
            for item in files
            if item.kind == FileKind.ANNOUNCEMENT
            and (notice := self._item(item, Announcement, languages, by_path)) is not None
        ]
        if self.problems or info is None:
            raise BundleError(sorted(self.problems, key=lambda p: (p.path, p.line or 0)))
        return Bundle(info, guides, tuple(slides), tuple(announcements), tuple(files), self.root)

    def _files(self) -> list[BundleFile]:
        """Every file of the folder that belongs to the bundle, in path order."""
        found: list[BundleFile] = []
        root_resolved = self.root.resolve()
        for directory, dirnames, filenames in os.walk(self.root):
            here = Path(directory)
            dirnames[:] = sorted(d for d in dirnames if not _ignored(d))
            entries = [(d, True) for d in dirnames] + [
                (f, False) for f in sorted(filenames) if not _ignored(f)
            ]
            for name, is_dir in entries:
                path = here / name
                rel = path.relative_to(self.root).as_posix()
                if path.is_symlink():
                    if is_dir:
                        dirnames.remove(name)
                    inside = path.resolve().is_relative_to(root_resolved)
                    self.fail(
                        rel,
                        None,
                        "a symbolic link; copy the file into the bundle folder instead"
                        if inside
                        else f"a symbolic link to {path.resolve()}, outside the bundle folder",
                    )
                    continue
                if is_dir:
                    continue
                if not path.is_file():
                    self.fail(rel, None, "not a regular file")
                    continue
                kind = _kind(rel)
                if kind is None:
                    hint = " (write .yaml, not .yml)" if rel.endswith(".yml") else ""
                    self.fail(rel, None, f"unexpected file{hint}: {_LAYOUT}")
                    continue
                if kind != FileKind.GUIDE and not (FILE_PATH.match(rel) and safe_path(rel)):
                    self.fail(
                        rel, None, "file names are lowercase letters, digits, '-', '_' and '.'"
                    )
                    continue
                if (size := path.stat().st_size) > MAX_FILE_BYTES:
                    self.fail(rel, None, f"the file is {size // 2**20} MB; at most 100 MB")
                    continue
                found.append(BundleFile(rel, kind, path))
        if len(found) > MAX_FILES:
            self.fail(".", None, f"{len(found)} files; a bundle may have at most {MAX_FILES}")
        if (
            BUNDLE_FILE not in {f.path for f in found}
            and not (self.root / BUNDLE_FILE).is_symlink()
        ):
            self.fail(BUNDLE_FILE, None, "missing: every bundle starts with its bundle.yaml")
        return sorted(found, key=lambda f: f.path)

    def _info(self, item: BundleFile | None) -> BundleInfo | None:
        if item is None:
            return None
        fail = self.failer(item.path)
        read = _read_yaml(item.source.read_bytes(), fail)
        if read is None:
            return None
        data, lines = read
        try:
            info = BundleInfo.model_validate(data)
        except ValidationError as error:
            _pydantic_problems(error, BundleInfo, lines, fail)
            return None
        if info.title is not None:
            self._translations(info.title, info.languages, ("title",), lines, fail)
        return info

    def _guides(self, languages: Sequence[str]) -> GuideSet:
        try:
            guides = load_guides(self.root / "guides")
        except GuideError as error:
            for problem in error.errors:
                self.fail(self._relative(problem.path), problem.line, problem.reason)
            return GuideSet({})
        for guide_id, by_language in guides.guides.items():
            have = set(by_language)
            path = f"guides/{guide_id}.{next(iter(sorted(have)))}.md"
            if missing := [lang for lang in languages if lang not in have]:
                self.fail(
                    path,
                    None,
                    f"missing translation: guide '{guide_id}' has no {', '.join(missing)} "
                    "version; bundle.yaml lists that language",
                )
            for extra in sorted(have - set(languages)):
                self.fail(
                    f"guides/{guide_id}.{extra}.md",
                    None,
                    f"language '{extra}' is not in bundle.yaml's languages; add it there",
                )
        return guides

    def _relative(self, path: Path) -> str:
        try:
            return path.relative_to(self.root).as_posix()
        except ValueError:
            return path.as_posix()

    def _image(self, item: BundleFile) -> None:
        if problem := image_problem(item.path, item.source.read_bytes()):
            self.fail(item.path, None, problem)

    def _item(
        self,
        item: BundleFile,
        model: type[_Item],
        languages: Sequence[str],
        by_path: dict[str, BundleFile],
    ) -> _Item | None:
        fail = self.failer(item.path)
        read = _read_yaml(item.source.read_bytes(), fail)
        if read is None:
            return None
        data, lines = read
        # Checked on the raw text too, so a missing translation shows beside other mistakes.
        if isinstance(data, dict) and isinstance(data.get("text"), dict):
            self._translations(data["text"], languages, ("text",), lines, fail)
        try:
            parsed = model.model_validate(data)
        except ValidationError as error:
            _pydantic_problems(error, model, lines, fail)
            return None
        expected = PurePosixPath(item.path).stem
        if parsed.id != expected:
            fail(
                lines.get(("id",)),
                f"id '{parsed.id}' does not match the file name (expected '{expected}')",
            )
        if isinstance(parsed, Slide) and parsed.image and parsed.image not in by_path:
            fail(lines.get(("image",)), f"image '{parsed.image}' does not exist")
        return parsed

    @staticmethod
    def _translations(
        texts: dict[str, Any],
        languages: Sequence[str],
        loc: Loc,
        lines: dict[Loc, int],
        fail: _Fail,
    ) -> None:
        name = ".".join(str(p) for p in loc)
        if missing := [lang for lang in languages if lang not in texts]:
            fail(
                lines.get(loc),
                f"missing translation: '{name}' has no {', '.join(missing)}; every text is "
                f"needed in {', '.join(languages)}",
            )
        for extra in [lang for lang in texts if lang not in languages]:
            fail(
                lines.get((*loc, extra)),
                f"language '{extra}' is not in bundle.yaml's languages; add it there",
            )
