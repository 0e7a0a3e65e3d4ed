"""Writing small guide folders for the guide tests: valid by default, broken on purpose."""

from __future__ import annotations

from pathlib import Path

LANGUAGES = ("fi", "sv", "en")
TITLES = {"fi": "Sähköpostin alkeet", "sv": "E-postens grunder", "en": "E-mail first steps"}

BODY = """
## Open the mail

Open the browser and go to your e-mail service.

## Write a message

Choose **New message**. Type the address and the text.

- first item
- second item

## Send it

Press **Send**.
"""

SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10">'
    '<rect width="10" height="10" fill="#000"/></svg>'
)


def guide_text(
    guide_id: str = "email-basics",
    language: str = "fi",
    *,
    title: str | None = None,
    topic: str = "email",
    keywords: str = "[sähköposti, e-mail, Gmail]",
    extra: str = "",
    body: str = BODY,
) -> str:
    """A guide file; ``extra`` adds front-matter lines after ``keywords``."""
    title = title if title is not None else TITLES.get(language, f"Title {language}")
    return (
        "---\n"
        f"id: {guide_id}\n"
        f"language: {language}\n"
        f"title: {title}\n"
        "summary: How to send your first e-mail.\n"
        f"topic: {topic}\n"
        f"keywords: {keywords}\n"
        f"{extra}"
        "version: 1\n"
        "---\n"
        f"{body}"
    )


def write_guide(folder: Path, guide_id: str = "email-basics", **kwargs: str) -> None:
    """The guide in every language (same keyword arguments for each)."""
    folder.mkdir(parents=True, exist_ok=True)
    for language in LANGUAGES:
        text = guide_text(guide_id, language, **kwargs)
        (folder / f"{guide_id}.{language}.md").write_text(text, encoding="utf-8")


def line_of(path: Path, marker: str) -> int:
    """The 1-based number of the first line of ``path`` containing ``marker``."""
    for number, line in enumerate(path.read_text(encoding="utf-8").split("\n"), 1):
        if marker in line:
            return number
    raise AssertionError(f"{marker!r} not in {path}")
