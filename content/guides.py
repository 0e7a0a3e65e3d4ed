"""Step-by-step help guides: the Markdown source format, a validating loader, and search."""

from __future__ import annotations

import difflib
import html
import re
import unicodedata
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cached_property
from pathlib import Path, PurePosixPath
from types import MappingProxyType
from typing import Any

import yaml

from content.default import GUIDES_DIRECTORY

#: What a guide is about. Mirrors ``fleet.protocol.support.SupportTopic`` (content may not
#: import the fleet; a test keeps the two lists equal), so guides, the walk-in help queue,
#: adviser bookings and statistics all speak of the same things.
TOPICS: tuple[str, ...] = (
    "e_identification",
    "email",
    "video_calls",
    "ebooks",
    "printing_scanning",
    "scams",
    "booking_spaces",
    "health_services",
    "device_basics",
    "other",
)
#: A guide's id (use ``fullmatch``): also its file name's first part and its statistics key.
GUIDE_ID = re.compile(r"[a-z][a-z0-9_-]{1,47}")
#: Every guide exists in all of these; further languages (e.g. ``ru``, ``so``) are optional.
REQUIRED_LANGUAGES: tuple[str, ...] = ("fi", "sv", "en")

MAX_FILE_BYTES = 64 * 1024
MAX_IMAGE_BYTES = 1024 * 1024
MIN_STEPS, MAX_STEPS = 3, 12
MAX_TITLE_CHARS = 80
MAX_SUMMARY_CHARS = 200
MAX_STEP_TEXT_CHARS = 1200  # a hard limit; plain_language_problems() asks for far less
MAX_KEYWORDS, MAX_KEYWORD_CHARS = 50, 40
#: Plain-language limits (selkokieli) that plain_language_problems() checks.
MAX_STEP_CHARS = 400
MAX_SENTENCE_WORDS = 25
MAX_STEP_SENTENCES = 4
MAX_LIST_ITEMS = 6

_LANGUAGE = re.compile(r"^[a-z]{2,3}$")
_FILE_NAME = re.compile(r"^(?P<id>[^.]+)\.(?P<language>[^.]+)\.md$")
_IMAGE_PATH = re.compile(r"^images/[a-z0-9][a-z0-9_-]*(?:\.[a-z0-9_-]+)*\.(?:png|jpe?g|svg)$")
_IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".svg")
#: libyaml's parser when PyYAML was built with it (ten times faster), else the pure one.
_YamlLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_REQUIRED_FIELDS = ("id", "language", "title", "summary", "topic", "keywords", "version")
_FIELDS = (*_REQUIRED_FIELDS, "images")

_HTML = re.compile(r"<[A-Za-z/!?][^<>]*>|&(?:[A-Za-z][A-Za-z0-9]*|#[0-9]+|#x[0-9A-Fa-f]+);")
_LINK = re.compile(r"!?\[[^\]]*\]\([^)]*\)")
_IMAGE_LINE = re.compile(r"^!\[(?P<alt>[^\]]*)\]\((?P<src>[^)\s]*)(?:\s+\"[^\"]*\")?\)$")
_BULLET = re.compile(r"^(?P<indent> *)[-*+]\s+(?P<text>.*)$")
_NUMBERED = re.compile(r"^(?P<indent> *)(?P<number>[0-9]{1,2})[.)]\s+(?P<text>.*)$")
_RULE = re.compile(r"^(?:[-*_]\s*){3,}$")
_OTHER_HEADING = re.compile(r"^#{1,6}(?:\s|$)")
_UNDERSCORE_EMPHASIS = re.compile(r"(?<!\w)_(?=\S)[^_]*(?<=\S)_(?!\w)")
_SENTENCE_END = re.compile(r"[.!?]+(?:\s+|$)")
_NEXT_SENTENCE = re.compile(r"[.!?]\s+\S")


class GuideError(ValueError):
    """A guide that cannot be published: says which file and line, and what to fix.

    ``str(error)`` reads ``guides/email-basics.sv.md:14: step 3 ('Send it') has no text``. The
    loader checks every file before it raises; ``errors`` holds all problems (this one first).
    """

    def __init__(self, reason: str, *, path: Path, line: int | None = None, shown: str = ""):
        self.reason = reason
        self.path = path
        self.line = line
        self.errors: tuple[GuideError, ...] = (self,)
        where = shown or path.as_posix()
        super().__init__(f"{where}:{line}: {reason}" if line else f"{where}: {reason}")


class BlockKind(StrEnum):
    PARAGRAPH = "paragraph"
    BULLET = "bullet"  # an item of a "- " list
    NUMBERED = "numbered"  # an item of a "1. " list


@dataclass(frozen=True)
class Span:
    """A run of text, bold or not: the only inline markup a guide has."""

    text: str
    bold: bool = False


@dataclass(frozen=True)
class Block:
    """A paragraph or one list item."""

    kind: BlockKind
    spans: tuple[Span, ...]
    number: int | None = None  # the author's number of a numbered item

    @property
    def text(self) -> str:
        return "".join(span.text for span in self.spans)


@dataclass(frozen=True)
class Step:
    """One screen of a guide.

    ``blocks`` is what the UI renders (paragraphs and list items made of plain or bold spans;
    nothing in them is markup). ``text`` is the same as plain text: paragraphs separated by a
    blank line, list items on their own lines ("• ..." or "2. ..."), for search and display
    where bold does not matter. A Step made in code from ``text`` alone gets one paragraph
    per blank-line-separated part.
    """

    title: str
    text: str
    image: str | None = None  # relative to the guides folder: "images/headphones.svg"
    image_alt: str | None = None
    blocks: tuple[Block, ...] = ()

    def __post_init__(self) -> None:
        if not self.blocks and self.text.strip():
            paragraphs = (part.strip() for part in self.text.split("\n\n"))
            blocks = tuple(Block(BlockKind.PARAGRAPH, (Span(p),)) for p in paragraphs if p)
            object.__setattr__(self, "blocks", blocks)

    @property
    def spoken(self) -> str:
        """The step as one text for a speech synthesiser: title, then every block."""
        parts = [self.title, *(block.text for block in self.blocks)]
        return " ".join(p if p.endswith((".", "!", "?", ":")) else f"{p}." for p in parts)

    def html(self) -> str:
        """The text as a safe HTML fragment (p, ul, ol, li, strong; all text escaped).

        Qt rich text and the fleet's web preview both render it; nothing from the source
        file reaches it unescaped.
        """
        out: list[str] = []
        open_list = ""
        for block in self.blocks:
            tag = {BlockKind.BULLET: "ul", BlockKind.NUMBERED: "ol"}.get(block.kind, "")
            if tag != open_list:
                if open_list:
                    out.append(f"</{open_list}>")
                if tag == "ol" and block.number not in (None, 1):
                    out.append(f'<ol start="{block.number}">')
                elif tag:
                    out.append(f"<{tag}>")
                open_list = tag
            inner = "".join(
                f"<strong>{html.escape(s.text)}</strong>" if s.bold else html.escape(s.text)
                for s in block.spans
            )
            out.append(f"<li>{inner}</li>" if tag else f"<p>{inner}</p>")
        if open_list:
            out.append(f"</{open_list}>")
        return "".join(out)


@dataclass(frozen=True)
class Guide:
    """One guide in one language."""

    id: str
    language: str
    title: str
    summary: str
    topic: str
    keywords: tuple[str, ...]
    steps: tuple[Step, ...]
    version: int

    @property
    def images(self) -> tuple[str, ...]:
        return tuple(step.image for step in self.steps if step.image)


@dataclass(frozen=True)
class GuideSet:
    """All guides: id -> language -> Guide, read-only, with lookup, listing and search."""

    guides: Mapping[str, Mapping[str, Guide]]
    #: The folder the guides were loaded from (images are relative to it); None if built in code.
    directory: Path | None = None

    def get(self, guide_id: str, language: str) -> Guide | None:
        return self.guides.get(guide_id, {}).get(language)

    def languages(self) -> tuple[str, ...]:
        found = {lang for by_language in self.guides.values() for lang in by_language}
        order = {lang: n for n, lang in enumerate(REQUIRED_LANGUAGES)}
        return tuple(sorted(found, key=lambda lang: (order.get(lang, len(order)), lang)))

    def in_language(self, language: str) -> list[Guide]:
        """Every guide in ``language``, sorted by title as that language sorts (Å Ä Ö after Z)."""
        found = [g[language] for g in self.guides.values() if language in g]
        return sorted(found, key=lambda g: collation_key(g.title, language))

    def image_path(self, image: str) -> Path | None:
        """The file of a step's image, or None when the set was not loaded from a folder."""
        return None if self.directory is None else self.directory / image

    def source_files(self) -> list[Path]:
        """The files the set was loaded from: guides, then the images they show."""
        if self.directory is None:
            return []
        guides = [
            self.directory / f"{guide_id}.{lang}.md"
            for guide_id, by_language in sorted(self.guides.items())
            for lang in sorted(by_language)
        ]
        images = sorted(
            {img for g in self.guides.values() for guide in g.values() for img in guide.images}
        )
        return [*guides, *(self.directory / image for image in images)]

    def search(self, words: str, language: str, *, limit: int = 20) -> list[Guide]:
        """Guides in ``language`` matching ``words``, best first; ``[]`` for an empty query.

        Every word counts: guides matching more of the words come first, then higher scores.
        A word matches a guide word exactly, as its beginning ("pankki" finds
        "pankkitunnukset"), inside it when 4+ letters long ("tunnus" finds
        "pankkitunnukset"), or with one typo when 5+ letters long. Where it matches weighs
        more than how: title, then keywords, summary, step titles, step text. Case and
        accents are ignored, Finnish and Swedish ä ö å included ("aiti" finds "äiti"):
        visitors type on many keyboards, and a rare extra hit costs less than a miss.
        """
        terms = _query_terms(words, language)
        if not terms or limit <= 0:
            return []
        ranked: list[tuple[int, float, str, Guide]] = []
        for guide, fields in self._index.get(language, ()):
            matched, score = 0, 0.0
            for term in terms:
                per_field = [w * _best_match(term, tokens) for w, tokens in fields]
                if best := max(per_field):
                    matched += 1
                    score += best + sum(per_field) / 100
            if matched:
                ranked.append((-matched, -score, collation_key(guide.title, language), guide))
        ranked.sort(key=lambda r: r[:3])
        # A guide that only mentions a word in passing is noise next to one about it.
        floor = -ranked[0][1] * _RELEVANCE_FLOOR if ranked else 0.0
        return [r[3] for r in ranked if -r[1] >= floor][:limit]

    @cached_property
    def _index(self) -> dict[str, list[tuple[Guide, tuple[tuple[float, frozenset[str]], ...]]]]:
        index: dict[str, list[tuple[Guide, tuple[tuple[float, frozenset[str]], ...]]]] = {}
        for by_language in self.guides.values():
            for lang, guide in by_language.items():
                steps = " ".join(f"{s.text} {s.image_alt or ''}" for s in guide.steps)
                fields = (
                    (10.0, _tokens(guide.title)),
                    (8.0, _tokens(" ".join(guide.keywords))),
                    (4.0, _tokens(guide.summary)),
                    (2.0, _tokens(" ".join(s.title for s in guide.steps))),
                    (1.0, _tokens(steps)),
                )
                index.setdefault(lang, []).append((guide, fields))
        return index


def load_guides(directory: Path) -> GuideSet:
    """Read and check every ``<id>.<language>.md`` in ``directory``; GuideError if any fails."""
    directory = Path(directory)
    loader = _Loader(directory)
    return loader.load()


def default_guides() -> GuideSet:
    """The guides that ship with the kiosk (content/default/guides)."""
    return load_guides(GUIDES_DIRECTORY)


def plain_language_problems(guide: Guide) -> list[str]:
    """Cheap plain-language (selkokieli) checks: long steps, long sentences, too many of them.

    A step may have up to MAX_STEP_SENTENCES sentences in its paragraphs plus a short list
    (up to MAX_LIST_ITEMS items); no sentence or list item may be longer than
    MAX_SENTENCE_WORDS words.
    """
    name = f"{guide.id}.{guide.language}"
    problems = [
        f"{name}: summary: long sentence: {sentence}"
        for sentence in _sentences(guide.summary)
        if len(sentence.split()) > MAX_SENTENCE_WORDS
    ]
    for number, step in enumerate(guide.steps, 1):
        where = f"{name}: step {number}"
        if len(step.text) > MAX_STEP_CHARS:
            problems.append(f"{where} has {len(step.text)} characters (at most {MAX_STEP_CHARS})")
        paragraphs = [b.text for b in step.blocks if b.kind == BlockKind.PARAGRAPH]
        sentences = [s for text in paragraphs for s in _sentences(text)]
        items = [b.text for b in step.blocks if b.kind != BlockKind.PARAGRAPH]
        if len(sentences) > MAX_STEP_SENTENCES:
            problems.append(
                f"{where} has {len(sentences)} sentences (at most {MAX_STEP_SENTENCES})"
            )
        if len(items) > MAX_LIST_ITEMS:
            problems.append(f"{where} has {len(items)} list items (at most {MAX_LIST_ITEMS})")
        for sentence in [*sentences, *items]:
            if len(sentence.split()) > MAX_SENTENCE_WORDS:
                problems.append(f"{where}: long sentence: {sentence}")
    return problems


def collation_key(text: str, language: str) -> str:
    """A locale-independent sort key: case and accents ignored; in Finnish and Swedish
    Å, Ä and Ö are letters of their own after Z (and Ü sorts as Y)."""
    out: list[str] = []
    for char in unicodedata.normalize("NFC", text.casefold()):
        if language in ("fi", "sv") and char in _NORDIC_ORDER:
            out.append(_NORDIC_ORDER[char])
        else:
            decomposed = unicodedata.normalize("NFKD", char)
            out.append("".join(c for c in decomposed if not unicodedata.combining(c)))
    return "".join(out)


_NORDIC_ORDER = {"å": "{", "ä": "|", "æ": "|", "ö": "}", "ø": "}", "ü": "y"}  # "{|}" follow "z"


# --- search --------------------------------------------------------------------------------

#: Results scoring under this share of the best one are left out.
_RELEVANCE_FLOOR = 0.2
_FOLD_EXTRA = str.maketrans({"ø": "o", "æ": "ae", "œ": "oe", "đ": "d", "ł": "l", "ı": "i"})
_TOKEN = re.compile(r"\w+(?:[-.'’]\w+)*")
_TOKEN_JOINERS = re.compile(r"[-.'’]")


def _word_set(words: str) -> frozenset[str]:
    return frozenset(words.split())


#: Words that say nothing about the topic ("how do I ..."), dropped unless nothing else is left.
_STOP_WORDS: dict[str, frozenset[str]] = {
    "fi": _word_set(
        "miten kuinka mita mika missa mista mihin voin voiko saako pitaa pitaisi haluan "
        "en ei olen on ja tai etta se sen mina minun ma mun sina te kanssa kun jos"
    ),
    "sv": _word_set(
        "hur vad var vart kan jag vill ska maste och eller att en ett den det som min mitt "
        "mina du med pa i till for av om ar har inte"
    ),
    "en": _word_set(
        "how what where can could do does i my me to the a an and or is are in on of for "
        "with want need help please it this that"
    ),
}


def _fold(text: str) -> str:
    """Lower case without accents, for matching only: "Äiti" -> "aiti", "Ørsted" -> "orsted"."""
    text = unicodedata.normalize("NFKD", text.casefold().translate(_FOLD_EXTRA))
    return "".join(c for c in text if not unicodedata.combining(c))


def _tokens(text: str) -> frozenset[str]:
    """Folded words; "e-kirja" and "suomi.fi" also count whole ("ekirja", "suomifi")."""
    found: set[str] = set()
    for match in _TOKEN.finditer(_fold(text)):
        word = match.group()
        found.add(_TOKEN_JOINERS.sub("", word))
        found.update(p for p in _TOKEN_JOINERS.split(word) if p)
    return frozenset(found)


def _query_terms(words: str, language: str) -> list[str]:
    terms = [_TOKEN_JOINERS.sub("", m.group()) for m in _TOKEN.finditer(_fold(words))]
    terms = list(dict.fromkeys(t for t in terms if t))
    stop = _STOP_WORDS.get(language, frozenset())
    return [t for t in terms if t not in stop] or terms


def _best_match(term: str, tokens: frozenset[str]) -> float:
    """1 for the word itself, 0.8 for a prefix, 0.5 inside a word, 0.4 for one typo, else 0."""
    if term in tokens:
        return 1.0
    best = 0.0
    for token in tokens:
        if len(term) >= 2 and token.startswith(term):
            return 0.8
        if len(term) >= 4 and term in token:
            best = 0.5
        elif best < 0.4 and len(term) >= 5 and _one_edit(term, token):
            best = 0.4
    return best


def _one_edit(term: str, token: str) -> bool:
    """Whether ``term`` is one edit from ``token``, or (7+ letters) from the start of it."""
    return _within_one_edit(term, token) or (
        len(term) >= 7 and len(token) > len(term) + 1 and _within_one_edit(term, token[: len(term)])
    )


def _within_one_edit(a: str, b: str) -> bool:
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) > len(b):
        a, b = b, a
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    if len(a) == len(b):
        return a[i + 1 :] == b[i + 1 :]
    return a[i:] == b[i + 1 :]


def _sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE_END.split(text) if s.strip()]


# --- loading and checking ------------------------------------------------------------------


@dataclass
class _RawBlock:
    kind: BlockKind
    line: int
    number: int | None = None
    parts: list[str] = field(default_factory=list)


@dataclass
class _RawStep:
    title: str
    line: int
    blocks: list[_RawBlock] = field(default_factory=list)
    image: str | None = None
    image_alt: str | None = None
    image_line: int | None = None


@dataclass
class _Parsed:
    """A guide file that passed its own checks, with the lines cross-checks point at."""

    guide: Guide
    path: Path
    field_lines: dict[str, int]
    step_lines: list[int]
    image_lines: list[int | None]


class _Loader:
    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.errors: list[GuideError] = []
        self.image_problems: dict[str, str | None] = {}

    def load(self) -> GuideSet:
        if not self.directory.is_dir():
            raise GuideError("the guides folder does not exist", path=self.directory)
        parsed: dict[str, dict[str, _Parsed]] = {}
        present: dict[str, dict[str, Path]] = {}
        for path in sorted(self.directory.iterdir()):
            if path.name.startswith(".") or path.is_dir() or path.suffix.lower() != ".md":
                continue
            if path.name.lower() == "readme.md":
                continue
            try:
                guide_id, language = self._name_parts(path)
                present.setdefault(guide_id, {})[language] = path
                result = self._parse_file(path, guide_id, language)
            except GuideError as error:
                self.errors.append(error)
            else:
                parsed.setdefault(guide_id, {})[language] = result
        self._check_translations(present, parsed)
        self._check_duplicates(parsed)
        if self.errors:
            first = self.errors[0]
            first.errors = tuple(self.errors)
            raise first
        guides = {
            guide_id: MappingProxyType({lang: p.guide for lang, p in sorted(by_lang.items())})
            for guide_id, by_lang in sorted(parsed.items())
        }
        return GuideSet(MappingProxyType(guides), self.directory)

    def _error(self, path: Path, line: int | None, reason: str) -> GuideError:
        try:
            shown = f"{self.directory.name}/{path.relative_to(self.directory).as_posix()}"
        except ValueError:
            shown = path.as_posix()
        return GuideError(reason, path=path, line=line, shown=shown)

    def _name_parts(self, path: Path) -> tuple[str, str]:
        match = _FILE_NAME.match(path.name)
        if (
            not match
            or not GUIDE_ID.fullmatch(match["id"])
            or not _LANGUAGE.match(match["language"])
        ):
            raise self._error(
                path,
                None,
                "a guide's file name is <guide-id>.<language>.md, e.g. email-basics.fi.md "
                "(lowercase letters, digits, - and _ in the id)",
            )
        return match["id"], match["language"]

    # -- one file --

    def _parse_file(self, path: Path, guide_id: str, language: str) -> _Parsed:
        def fail(line: int | None, reason: str) -> GuideError:
            return self._error(path, line, reason)

        if path.is_symlink():
            raise fail(None, "symbolic links are not allowed; copy the file into the folder")
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise fail(
                None,
                f"the file is {size // 1024} KB; a guide may be at most "
                f"{MAX_FILE_BYTES // 1024} KB",
            )
        data = path.read_bytes()
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise fail(data[: exc.start].count(b"\n") + 1, "the file is not UTF-8 text") from None
        text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
        lines = text.split("\n")
        for number, line in enumerate(lines, 1):
            if any(unicodedata.category(c) == "Cc" and c != "\t" for c in line):
                raise fail(number, "the line has an invisible control character")

        if not lines or lines[0].strip() != "---":
            raise fail(1, "a guide starts with a line '---', then its details (id, title, ...)")
        end = next((i for i in range(1, len(lines)) if lines[i].strip() == "---"), None)
        if end is None:
            raise fail(1, "the details at the top are not closed with a line '---'")
        values, field_lines, item_lines = self._front_matter(lines[1:end], fail)
        self._check_fields(values, field_lines, item_lines, guide_id, language, fail)

        steps = _parse_body(lines[end + 1 :], end + 2, fail)
        if not MIN_STEPS <= len(steps) <= MAX_STEPS:
            raise fail(
                steps[-1].line if steps else len(lines),
                f"the guide has {len(steps)} steps; a guide has {MIN_STEPS} to "
                f"{MAX_STEPS}, each starting with '## ' and its title",
            )
        listed: list[str] = values.get("images", [])
        used = [s.image for s in steps if s.image]
        for step in steps:
            if step.image and step.image not in listed:
                raise fail(step.image_line, f"image '{step.image}' is not listed under images:")
        for number, image in enumerate(listed):
            if image not in used:
                raise fail(
                    item_lines["images"][number], f"image '{image}' is not shown in any step"
                )
            if problem := self._image_problem(image):
                raise fail(item_lines["images"][number], problem)

        guide = Guide(
            id=guide_id,
            language=language,
            title=values["title"].strip(),
            summary=values["summary"].strip(),
            topic=values["topic"],
            keywords=tuple(dict.fromkeys(k.strip() for k in values["keywords"])),
            steps=tuple(_finish_step(n, step, fail) for n, step in enumerate(steps, 1)),
            version=values["version"],
        )
        return _Parsed(
            guide,
            path,
            field_lines,
            [s.line for s in steps],
            [s.image_line for s in steps],
        )

    @staticmethod
    def _front_matter(
        lines: list[str], fail: Callable[[int | None, str], GuideError]
    ) -> tuple[dict[str, Any], dict[str, int], dict[str, list[int]]]:
        """Field values, the line of each field, and the line of each item of list fields."""
        values: dict[str, Any] = {}
        field_lines: dict[str, int] = {}
        item_lines: dict[str, list[int]] = {}
        loader = _YamlLoader("\n".join(lines))
        try:
            node = loader.get_single_node()
            if node is None:
                raise fail(2, "the details at the top are empty")
            if not isinstance(node, yaml.MappingNode):
                raise fail(node.start_mark.line + 2, "write the details as 'name: value' lines")
            for key_node, value_node in node.value:
                line = key_node.start_mark.line + 2
                key = loader.construct_object(key_node, deep=True)
                if not isinstance(key, str):
                    raise fail(line, f"'{key}' is not a field name")
                if key in values:
                    raise fail(line, f"the field '{key}' is given twice")
                if key not in _FIELDS:
                    close = difflib.get_close_matches(key, _FIELDS, n=1)
                    hint = f" (did you mean '{close[0]}'?)" if close else ""
                    raise fail(
                        line, f"unknown field '{key}'{hint}; the fields are " + ", ".join(_FIELDS)
                    )
                values[key] = loader.construct_object(value_node, deep=True)
                field_lines[key] = line
                if isinstance(value_node, yaml.SequenceNode):
                    item_lines[key] = [item.start_mark.line + 2 for item in value_node.value]
                else:
                    item_lines[key] = []
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            line = mark.line + 2 if mark else 2
            reason = f"the details at the top are not valid YAML: {exc.problem}"
            if exc.context_mark and exc.context_mark.line + 2 != line:
                reason += f" (in what starts on line {exc.context_mark.line + 2})"
            reason += "; put a value in quotes if it has ': ', ' #' or starts with [ { * & ! ' \""
            raise fail(line, reason) from None
        except yaml.YAMLError as exc:
            raise fail(2, f"the details at the top are not valid YAML: {exc}") from None
        finally:
            loader.dispose()
        for name in _REQUIRED_FIELDS:
            if name not in values:
                raise fail(1, f"the field '{name}' is missing")
        return values, field_lines, item_lines

    def _check_fields(
        self,
        values: dict[str, Any],
        field_lines: dict[str, int],
        item_lines: dict[str, list[int]],
        guide_id: str,
        language: str,
        fail: Callable[[int | None, str], GuideError],
    ) -> None:
        def text(name: str, limit: int) -> str:
            value = values[name]
            if not isinstance(value, str) or not value.strip():
                raise fail(field_lines[name], f"'{name}' must be text (put it in quotes)")
            if "\n" in value.strip():
                raise fail(field_lines[name], f"'{name}' must be on one line")
            if len(value.strip()) > limit:
                raise fail(field_lines[name], f"'{name}' is longer than {limit} characters")
            if found := _HTML.search(value):
                raise fail(field_lines[name], f"HTML is not allowed (found '{found.group()}')")
            return value.strip()

        if text("id", 48) != guide_id:
            raise fail(
                field_lines["id"],
                f"id '{values['id']}' does not match the file name (expected '{guide_id}')",
            )
        if text("language", 3) != language:
            raise fail(
                field_lines["language"],
                f"language '{values['language']}' does not "
                f"match the file name (expected '{language}')",
            )
        text("title", MAX_TITLE_CHARS)
        if _NEXT_SENTENCE.search(text("summary", MAX_SUMMARY_CHARS)):
            raise fail(field_lines["summary"], "the summary must be one sentence")
        if (topic := values["topic"]) not in TOPICS:
            raise fail(
                field_lines["topic"],
                f"unknown topic '{topic}'; the topics are " + ", ".join(TOPICS),
            )
        version = values["version"]
        if not isinstance(version, int) or isinstance(version, bool) or version < 1:
            raise fail(field_lines["version"], "version must be a whole number, 1 or more")
        for name, limit in (("keywords", MAX_KEYWORDS), ("images", MAX_STEPS)):
            items = values.get(name, [])
            if not isinstance(items, list) or (name == "keywords" and not items):
                raise fail(field_lines[name], f"'{name}' must be a list: one '- ...' line each")
            if len(items) > limit:
                raise fail(field_lines[name], f"'{name}' may have at most {limit} entries")
            for number, item in enumerate(items):
                line = item_lines[name][number]
                if not isinstance(item, str) or not item.strip():
                    raise fail(line, f"each of '{name}' must be text (put it in quotes)")
                if name == "keywords" and len(item) > MAX_KEYWORD_CHARS:
                    raise fail(line, f"a keyword is longer than {MAX_KEYWORD_CHARS} characters")
                if name == "keywords" and (found := _HTML.search(item)):
                    raise fail(line, f"HTML is not allowed (found '{found.group()}')")
                if name == "images":
                    if problem := _image_path_problem(item):
                        raise fail(line, problem)
                    if items.count(item) > 1:
                        raise fail(line, f"image '{item}' is listed twice")

    def _image_problem(self, image: str) -> str | None:
        """What is wrong with an image file (checked once per load), or None."""
        if image not in self.image_problems:
            self.image_problems[image] = _image_file_problem(self.directory, image)
        return self.image_problems[image]

    # -- across files --

    def _check_translations(
        self, present: dict[str, dict[str, Path]], parsed: dict[str, dict[str, _Parsed]]
    ) -> None:
        for guide_id, files in sorted(present.items()):
            for language in REQUIRED_LANGUAGES:
                if language not in files:
                    have = ", ".join(sorted(files))
                    self.errors.append(
                        self._error(
                            self.directory / f"{guide_id}.{language}.md",
                            None,
                            f"missing translation: guide '{guide_id}' has {have} but every guide "
                            f"needs {', '.join(REQUIRED_LANGUAGES)}",
                        )
                    )
            by_language = parsed.get(guide_id, {})
            reference = next((by_language[x] for x in REQUIRED_LANGUAGES if x in by_language), None)
            if reference is None:
                continue
            ref_name = reference.path.name
            for _, other in sorted(by_language.items()):
                if other is reference:
                    continue
                self._compare(reference, other, ref_name)

    def _compare(self, reference: _Parsed, other: _Parsed, ref_name: str) -> None:
        ref, guide = reference.guide, other.guide
        if guide.topic != ref.topic:
            self.errors.append(
                self._error(
                    other.path,
                    other.field_lines["topic"],
                    f"topic '{guide.topic}' differs from '{ref.topic}' in {ref_name}",
                )
            )
        if len(guide.steps) != len(ref.steps):
            self.errors.append(
                self._error(
                    other.path,
                    other.step_lines[-1],
                    f"the guide has {len(guide.steps)} steps but {ref_name} has {len(ref.steps)}; "
                    "translations must have the same steps",
                )
            )
            return
        for number, (mine, theirs) in enumerate(zip(guide.steps, ref.steps, strict=True), 1):
            if mine.image != theirs.image:
                line = other.image_lines[number - 1] or other.step_lines[number - 1]
                self.errors.append(
                    self._error(
                        other.path,
                        line,
                        f"step {number} shows {_describe(mine.image)} but step {number} in "
                        f"{ref_name} shows {_describe(theirs.image)}",
                    )
                )

    def _check_duplicates(self, parsed: dict[str, dict[str, _Parsed]]) -> None:
        # Ids that differ only by - and _ would be confused by people and by URLs.
        seen_ids: dict[str, str] = {}
        for guide_id in sorted(parsed):
            key = guide_id.replace("_", "-")
            if key in seen_ids:
                first = next(iter(parsed[guide_id].values()))
                self.errors.append(
                    self._error(
                        first.path,
                        first.field_lines["id"],
                        f"duplicate id: '{guide_id}' is too like '{seen_ids[key]}'",
                    )
                )
            seen_ids.setdefault(key, guide_id)
        titles: dict[tuple[str, str], str] = {}
        for guide_id, by_language in sorted(parsed.items()):
            for language, item in sorted(by_language.items()):
                title_key = (language, _fold(item.guide.title))
                if title_key in titles:
                    self.errors.append(
                        self._error(
                            item.path,
                            item.field_lines["title"],
                            f"the title is the same as guide '{titles[title_key]}' has; "
                            "visitors could not tell them apart",
                        )
                    )
                titles.setdefault(title_key, guide_id)


def _describe(image: str | None) -> str:
    return f"image '{image}'" if image else "no image"


def _image_path_problem(image: str) -> str | None:
    if _IMAGE_PATH.match(image):
        return None
    pure = PurePosixPath(image.replace("\\", "/"))
    if pure.is_absolute() or ".." in pure.parts or ":" in image or "\\" in image:
        return f"image path '{image}' leaves the guides folder; write images/<name>.svg"
    if not image.lower().endswith(_IMAGE_SUFFIXES):
        return f"image '{image}' must be PNG, JPEG or SVG (.png, .jpg, .jpeg, .svg)"
    return (
        f"image path '{image}' must look like images/<name>.svg: in the images folder, "
        "lowercase letters, digits, - and _"
    )


_SVG_UNSAFE = re.compile(
    r"<!DOCTYPE|<!ENTITY|<script|<foreignObject|\son[a-z]+\s*=|href\s*=\s*[\"'](?!#)"
    r"|url\(\s*['\"]?(?!#)",
    re.IGNORECASE,
)


def _image_file_problem(directory: Path, image: str) -> str | None:
    path = directory / image
    if path.is_symlink():
        return f"image '{image}' is a symbolic link; copy the file into the images folder"
    if not path.is_file():
        return f"image '{image}' does not exist"
    if not path.resolve().is_relative_to((directory / "images").resolve()):
        return f"image '{image}' leaves the images folder"
    size = path.stat().st_size
    if size > MAX_IMAGE_BYTES:
        return f"image '{image}' is {size / 1024 / 1024:.1f} MB; the limit is 1 MB"
    data = path.read_bytes()
    suffix = path.suffix.lower()
    if suffix == ".png" and not data.startswith(b"\x89PNG\r\n\x1a\n"):
        return f"image '{image}' is not a PNG file"
    if suffix in (".jpg", ".jpeg") and not data.startswith(b"\xff\xd8\xff"):
        return f"image '{image}' is not a JPEG file"
    if suffix == ".svg":
        try:
            svg = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            return f"image '{image}' is not an SVG file (not UTF-8 text)"
        if not re.match(r"^\s*(?:<\?xml[^>]*\?>\s*)?(?:<!--.*?-->\s*)*<svg[\s>]", svg, re.DOTALL):
            return f"image '{image}' is not an SVG file"
        if unsafe := _SVG_UNSAFE.search(svg):
            return (
                f"image '{image}' has '{unsafe.group().strip()}': an SVG may not contain "
                "scripts, events, DOCTYPE or links to other files"
            )
    return None


# --- the body: steps ------------------------------------------------------------------------


def _parse_body(
    lines: list[str], first: int, fail: Callable[[int | None, str], GuideError]
) -> list[_RawStep]:
    """Split the body into steps (## headings) of paragraphs, list items and an image."""
    steps: list[_RawStep] = []
    block: _RawBlock | None = None  # the block that the next text line continues
    for number, raw in enumerate(lines, first):
        line = raw.replace("\t", "    ").rstrip()
        stripped = line.strip()
        if not stripped:
            block = None
            continue
        if stripped.startswith("## ") and stripped[3:].strip("# "):
            title = _plain_title(stripped[3:].strip().rstrip("#").strip(), number, fail)
            steps.append(_RawStep(title, number))
            block = None
            continue
        if _OTHER_HEADING.match(stripped):
            if stripped.strip("#").strip() == "" and stripped.startswith("##"):
                raise fail(number, f"step {len(steps) + 1} has no title after '##'")
            raise fail(number, "only '## ' headings are allowed: each starts a step")
        if not steps:
            raise fail(
                number, "text before the first step; start each step with '## ' and its title"
            )
        step = steps[-1]
        if stripped.startswith("!["):
            _parse_image(step, stripped, number, len(steps), fail)
            block = None
            continue
        if _RULE.match(stripped):
            raise fail(
                number, f"a line like '{stripped}' is not allowed here; start a new step with '## '"
            )
        if stripped.startswith(">"):
            raise fail(number, "quotes ('>') are not supported")
        if stripped.startswith("|"):
            raise fail(number, "tables are not supported; use a list ('- ...')")
        if stripped.startswith(("```", "~~~")):
            raise fail(number, "code blocks are not supported")
        _check_inline(stripped, number, fail)
        item = _BULLET.match(line) or _NUMBERED.match(line)
        if item:
            if item["indent"] and block is not None and block.kind != BlockKind.PARAGRAPH:
                raise fail(number, "lists inside lists are not supported")
            kind = BlockKind.BULLET if item.re is _BULLET else BlockKind.NUMBERED
            number_ = int(item["number"]) if kind == BlockKind.NUMBERED else None
            block = _RawBlock(kind, number, number_, [item["text"].strip()])
            step.blocks.append(block)
        elif block is not None:
            block.parts.append(stripped)  # the paragraph or list item goes on
        else:
            block = _RawBlock(BlockKind.PARAGRAPH, number, None, [stripped])
            step.blocks.append(block)
    return steps


def _plain_title(title: str, line: int, fail: Callable[[int | None, str], GuideError]) -> str:
    _check_inline(title, line, fail)
    if "**" in title:
        raise fail(line, "a step's title is plain text: no bold")
    if len(title) > MAX_TITLE_CHARS:
        raise fail(line, f"the step's title is longer than {MAX_TITLE_CHARS} characters")
    return " ".join(title.split())


def _parse_image(
    step: _RawStep,
    text: str,
    line: int,
    step_number: int,
    fail: Callable[[int | None, str], GuideError],
) -> None:
    match = _IMAGE_LINE.match(text)
    if not match:
        raise fail(line, "an image is a line of its own: ![what the picture shows](images/x.svg)")
    alt, src = " ".join(match["alt"].split()), match["src"]
    if not alt:
        raise fail(line, "the image has no alt text: say what the picture shows inside [ ]")
    if found := _HTML.search(alt):
        raise fail(line, f"HTML is not allowed (found '{found.group()}')")
    if problem := _image_path_problem(src):
        raise fail(line, problem)
    if step.image is not None:
        raise fail(line, f"step {step_number} has more than one image; a step may have one")
    step.image, step.image_alt, step.image_line = src, alt, line


def _check_inline(text: str, line: int, fail: Callable[[int | None, str], GuideError]) -> None:
    if found := _HTML.search(text):
        raise fail(line, f"HTML is not allowed (found '{found.group()}')")
    if "![" in text:
        raise fail(line, "an image is a line of its own: ![what the picture shows](images/x.svg)")
    if _LINK.search(text):
        raise fail(
            line,
            "links cannot be opened on the kiosk; write the address as plain "
            "text, e.g. omakanta.fi",
        )
    if "`" in text:
        raise fail(line, "code formatting (`) is not supported")


def _finish_step(
    number: int, step: _RawStep, fail: Callable[[int | None, str], GuideError]
) -> Step:
    blocks = tuple(_finish_block(block, fail) for block in step.blocks)
    if not blocks:
        raise fail(step.line, f"step {number} ('{step.title}') has no text")
    parts: list[str] = []
    for previous, block in zip((None, *blocks), blocks, strict=False):
        if previous is not None:
            in_list = previous.kind != BlockKind.PARAGRAPH and block.kind == previous.kind
            parts.append("\n" if in_list else "\n\n")
        if block.kind == BlockKind.BULLET:
            parts.append(f"• {block.text}")
        elif block.kind == BlockKind.NUMBERED:
            parts.append(f"{block.number}. {block.text}")
        else:
            parts.append(block.text)
    text = "".join(parts)
    if len(text) > MAX_STEP_TEXT_CHARS:
        raise fail(
            step.line,
            f"step {number} has more than {MAX_STEP_TEXT_CHARS} "
            "characters; split it into two steps",
        )
    return Step(step.title, text, step.image, step.image_alt, blocks)


def _finish_block(block: _RawBlock, fail: Callable[[int | None, str], GuideError]) -> Block:
    text = " ".join(" ".join(block.parts).split())
    pieces = text.split("**")
    if len(pieces) % 2 == 0:
        raise fail(block.line, "a '**' is not closed: write **bold text** between two pairs")
    spans: list[Span] = []
    for index, piece in enumerate(pieces):
        if "*" in piece or _UNDERSCORE_EMPHASIS.search(piece):
            raise fail(block.line, "only **bold** is supported (two stars on each side)")
        bold = index % 2 == 1
        if bold and not piece.strip():
            raise fail(block.line, "'****' has nothing in bold")
        if piece:
            spans.append(Span(piece, bold))
    if not "".join(s.text for s in spans).strip():
        raise fail(block.line, "a list item has no text")
    return Block(block.kind, tuple(_merge(spans)), block.number)


def _merge(spans: list[Span]) -> Iterator[Span]:
    """Joins neighbouring spans of the same weight (after empty pieces are dropped)."""
    pending: Span | None = None
    for span in spans:
        if pending is not None and pending.bold == span.bold:
            pending = Span(pending.text + span.text, span.bold)
            continue
        if pending is not None:
            yield pending
        pending = span
    if pending is not None:
        yield pending
