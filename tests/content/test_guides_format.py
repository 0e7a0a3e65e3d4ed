"""The guide source format: what a valid guide becomes, and every way a guide is rejected."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from content.guides import (
    GUIDE_ID,
    MAX_FILE_BYTES,
    MAX_IMAGE_BYTES,
    Block,
    BlockKind,
    GuideError,
    GuideSet,
    Span,
    Step,
    load_guides,
)
from tests.content.guide_files import SVG, guide_text, line_of, write_guide


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A valid guides folder with one guide (email-basics) in fi, sv and en."""
    guides = tmp_path / "guides"
    write_guide(guides)
    return guides


def rewrite(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def rejected(folder: Path) -> GuideError:
    with pytest.raises(GuideError) as caught:
        load_guides(folder)
    return caught.value


def assert_error(error: GuideError, path: Path, line: int | None, *words: str) -> None:
    assert error.path == path
    assert error.line == line
    where = f"guides/{path.name}:{line}: " if line else f"guides/{path.name}: "
    assert str(error).startswith(where), str(error)
    for word in words:
        assert word in error.reason, error.reason


# --- a valid guide --------------------------------------------------------------------------


def test_a_valid_guide_becomes_steps_of_blocks(folder: Path) -> None:
    guides = load_guides(folder)
    guide = guides.get("email-basics", "fi")
    assert guide is not None
    assert (guide.id, guide.language, guide.topic, guide.version) == (
        "email-basics",
        "fi",
        "email",
        1,
    )
    assert guide.title == "Sähköpostin alkeet"
    assert guide.summary == "How to send your first e-mail."
    assert guide.keywords == ("sähköposti", "e-mail", "Gmail")
    assert [s.title for s in guide.steps] == ["Open the mail", "Write a message", "Send it"]
    write = guide.steps[1]
    assert write.blocks == (
        Block(
            BlockKind.PARAGRAPH,
            (
                Span("Choose "),
                Span("New message", bold=True),
                Span(". Type the address and the text."),
            ),
        ),
        Block(BlockKind.BULLET, (Span("first item"),)),
        Block(BlockKind.BULLET, (Span("second item"),)),
    )
    assert (
        write.text
        == "Choose New message. Type the address and the text.\n\n• first item\n• second item"
    )
    assert write.html() == (
        "<p>Choose <strong>New message</strong>. Type the address and the text.</p>"
        "<ul><li>first item</li><li>second item</li></ul>"
    )
    assert write.spoken == (
        "Write a message. Choose New message. Type the address and the text. "
        "first item. second item."
    )
    assert guides.get("email-basics", "de") is None
    assert guides.get("nothing", "fi") is None
    assert guides.languages() == ("fi", "sv", "en")


def test_numbered_lists_continuation_lines_and_escaping(folder: Path) -> None:
    body = (
        "\n## Steps\n\nSay a < b & c, then\ncarry on.\n\n"
        "1. first\n   goes on\n2. **second**\n\n## Two\n\nText.\n\n## Three\n\nText.\n"
    )
    for language in ("fi", "sv", "en"):
        (folder / f"email-basics.{language}.md").write_text(
            guide_text(language=language, body=body)
        )
    step = load_guides(folder).guides["email-basics"]["en"].steps[0]
    assert [b.kind for b in step.blocks] == [
        BlockKind.PARAGRAPH,
        BlockKind.NUMBERED,
        BlockKind.NUMBERED,
    ]
    assert step.blocks[0].text == "Say a < b & c, then carry on."
    assert step.blocks[1].text == "first goes on"
    assert step.text == "Say a < b & c, then carry on.\n\n1. first goes on\n2. second"
    assert step.html() == (
        "<p>Say a &lt; b &amp; c, then carry on.</p>"
        "<ol><li>first goes on</li><li><strong>second</strong></li></ol>"
    )


def test_images_are_loaded_with_alt_text(folder: Path) -> None:
    (folder / "images").mkdir()
    (folder / "images" / "mail.svg").write_text(SVG)
    for language in ("fi", "sv", "en"):
        path = folder / f"email-basics.{language}.md"
        rewrite(path, "version: 1", "images:\n  - images/mail.svg\nversion: 1")
        rewrite(
            path, "Press **Send**.", "Press **Send**.\n\n![A letter flying away.](images/mail.svg)"
        )
    guides = load_guides(folder)
    step = guides.guides["email-basics"]["sv"].steps[2]
    assert (step.image, step.image_alt) == ("images/mail.svg", "A letter flying away.")
    assert guides.guides["email-basics"]["sv"].images == ("images/mail.svg",)
    assert guides.image_path("images/mail.svg") == folder / "images" / "mail.svg"
    assert guides.source_files() == [
        folder / "email-basics.en.md",
        folder / "email-basics.fi.md",
        folder / "email-basics.sv.md",
        folder / "images" / "mail.svg",
    ]


def test_extra_languages_are_welcome_and_readme_and_other_files_ignored(folder: Path) -> None:
    (folder / "email-basics.ru.md").write_text(guide_text(language="ru", title="Электронная почта"))
    (folder / "README.md").write_text("# Notes for the librarians\n")
    (folder / "notes.txt").write_text("not a guide")
    (folder / ".email-basics.fi.md.swp").write_text("editor junk")
    guides = load_guides(folder)
    assert set(guides.guides["email-basics"]) == {"fi", "sv", "en", "ru"}
    assert guides.languages() == ("fi", "sv", "en", "ru")


def test_windows_line_endings_bom_and_decomposed_letters_are_accepted(folder: Path) -> None:
    path = folder / "email-basics.fi.md"
    text = guide_text(language="fi", title="Sa\u0308hko\u0308posti")  # "Sähköposti", decomposed
    path.write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode())
    guide = load_guides(folder).guides["email-basics"]["fi"]
    assert guide.title == "Sähköposti"
    assert len(guide.steps) == 3


def test_a_step_built_in_code_from_text_alone_has_paragraphs() -> None:
    step = Step("Title", "One.\n\nTwo.")
    assert [b.text for b in step.blocks] == ["One.", "Two."]
    assert step.html() == "<p>One.</p><p>Two.</p>"
    assert GuideSet({}).in_language("fi") == []
    assert GuideSet({}).source_files() == []


# --- the front matter -----------------------------------------------------------------------


def test_broken_yaml(folder: Path) -> None:
    path = folder / "email-basics.sv.md"
    rewrite(path, "topic: email", "topic: [email")
    assert_error(rejected(folder), path, line_of(path, "topic:") + 1, "not valid YAML")


def test_missing_field(folder: Path) -> None:
    path = folder / "email-basics.en.md"
    rewrite(path, "summary: How to send your first e-mail.\n", "")
    assert_error(rejected(folder), path, 1, "'summary' is missing")


def test_unknown_field_suggests_the_right_one(folder: Path) -> None:
    path = folder / "email-basics.fi.md"
    rewrite(path, "version: 1", "keyword: [x]\nversion: 1")
    assert_error(
        rejected(folder), path, line_of(path, "keyword:"), "unknown field 'keyword'", "keywords"
    )


def test_field_given_twice(folder: Path) -> None:
    path = folder / "email-basics.fi.md"
    rewrite(path, "version: 1", "title: Again\nversion: 1")
    assert_error(rejected(folder), path, line_of(path, "title: Again"), "'title' is given twice")


def test_unknown_topic(folder: Path) -> None:
    path = folder / "email-basics.sv.md"
    rewrite(path, "topic: email", "topic: cooking")
    assert_error(
        rejected(folder), path, line_of(path, "topic:"), "unknown topic 'cooking'", "scams"
    )


def test_id_must_match_the_file_name(folder: Path) -> None:
    path = folder / "email-basics.fi.md"
    rewrite(path, "id: email-basics", "id: email-help")
    assert_error(rejected(folder), path, 2, "id 'email-help' does not match the file name")


def test_language_must_match_the_file_name(folder: Path) -> None:
    path = folder / "email-basics.sv.md"
    rewrite(path, "language: sv", "language: fi")
    assert_error(rejected(folder), path, 3, "language 'fi' does not match")


@pytest.mark.parametrize(
    ("old", "new", "marker", "words"),
    [
        ("keywords: [sähköposti, e-mail, Gmail]", "keywords: []", "keywords:", ["must be a list"]),
        ("keywords: [sähköposti, e-mail, Gmail]", "keywords: [mail, yes]", "keywords:", ["quotes"]),
        ("keywords: [sähköposti, e-mail, Gmail]", "keywords: sähköposti", "keywords:", ["list"]),
        ("version: 1", "version: one", "version:", ["whole number"]),
        ("version: 1", "version: 0", "version:", ["whole number"]),
        (
            "summary: How to send your first e-mail.",
            "summary: One. Two.",
            "summary:",
            ["one sentence"],
        ),
        ("title: E-mail first steps", "title: <b>Mail</b>", "title:", ["HTML"]),
        ("title: E-mail first steps", "title: ''", "title:", ["must be text"]),
        ("title: E-mail first steps", f"title: {'x' * 81}", "title:", ["80 characters"]),
    ],
)
def test_bad_field_values(folder: Path, old: str, new: str, marker: str, words: list[str]) -> None:
    path = folder / "email-basics.en.md"
    rewrite(path, old, new)
    assert_error(rejected(folder), path, line_of(path, marker), *words)


def test_no_front_matter(folder: Path) -> None:
    path = folder / "email-basics.fi.md"
    path.write_text("## A step\n\nText.\n")
    assert_error(rejected(folder), path, 1, "starts with a line '---'")


def test_front_matter_not_closed(folder: Path) -> None:
    path = folder / "email-basics.fi.md"
    path.write_text("---\nid: email-basics\n\n## A step\n")
    assert_error(rejected(folder), path, 1, "not closed")


# --- files and folders ----------------------------------------------------------------------


def test_missing_translation(folder: Path) -> None:
    (folder / "email-basics.sv.md").unlink()
    assert_error(rejected(folder), folder / "email-basics.sv.md", None, "missing translation", "fi")


def test_bad_file_name(folder: Path) -> None:
    path = folder / "Email.fi.md"
    path.write_text(guide_text("Email"))
    assert_error(rejected(folder), path, None, "<guide-id>.<language>.md")


def test_file_too_large(folder: Path) -> None:
    path = folder / "email-basics.fi.md"
    path.write_text(guide_text() + "\nMore text.\n" * (MAX_FILE_BYTES // 10))
    assert_error(rejected(folder), path, None, "at most 64 KB")


def test_file_not_utf8(folder: Path) -> None:
    path = folder / "email-basics.fi.md"
    path.write_bytes(
        guide_text().encode("utf-8").replace(b"Open the mail", b"Avaa s\xe4hk\xf6posti")
    )
    assert_error(
        rejected(folder), path, line_of(folder / "email-basics.sv.md", "Open the mail"), "UTF-8"
    )


def test_control_characters(folder: Path) -> None:
    path = folder / "email-basics.fi.md"
    rewrite(path, "Press **Send**.", "Press \x1b[31m**Send**.")
    assert_error(rejected(folder), path, line_of(path, "Press"), "control character")


@pytest.mark.skipif(os.name == "nt", reason="symbolic links need privileges on Windows")
def test_symbolic_links_are_rejected(folder: Path, tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere.md"
    outside.write_text(guide_text(language="sv"))
    path = folder / "email-basics.sv.md"
    path.unlink()
    path.symlink_to(outside)
    assert_error(rejected(folder), path, None, "symbolic links")


def test_missing_folder(tmp_path: Path) -> None:
    with pytest.raises(GuideError, match="does not exist"):
        load_guides(tmp_path / "nowhere")


def test_duplicate_ids_that_differ_only_by_dash_and_underscore(folder: Path) -> None:
    write_guide(folder, "email_basics", title="Another title")
    path = folder / "email_basics.en.md"
    assert_error(rejected(folder), path, 2, "duplicate id", "'email-basics'")


def test_duplicate_titles_in_one_language(folder: Path) -> None:
    write_guide(folder, "email-more")
    error = rejected(folder)
    assert_error(
        error, folder / "email-more.en.md", 4, "the title is the same as guide 'email-basics'"
    )
    assert len(error.errors) == 3  # one per language


def test_every_problem_is_collected_before_raising(folder: Path) -> None:
    rewrite(folder / "email-basics.fi.md", "topic: email", "topic: cooking")
    rewrite(folder / "email-basics.sv.md", "Press **Send**.", "Press <b>Send</b>.")
    error = rejected(folder)
    assert [e.path.name for e in error.errors] == ["email-basics.fi.md", "email-basics.sv.md"]
    assert error.errors[0] is error


# --- across translations --------------------------------------------------------------------


def test_differing_step_counts(folder: Path) -> None:
    path = folder / "email-basics.sv.md"
    rewrite(path, "## Send it", "## One more\n\nText.\n\n## Send it")
    assert_error(
        rejected(folder), path, line_of(path, "## Send it"), "4 steps", "email-basics.fi.md has 3"
    )


def test_differing_topics(folder: Path) -> None:
    path = folder / "email-basics.en.md"
    rewrite(path, "topic: email", "topic: scams")
    assert_error(
        rejected(folder), path, line_of(path, "topic:"), "topic 'scams' differs from 'email'"
    )


def test_differing_images(folder: Path) -> None:
    (folder / "images").mkdir()
    (folder / "images" / "a.svg").write_text(SVG)
    (folder / "images" / "b.svg").write_text(SVG)
    for language, name in (("fi", "a"), ("sv", "a"), ("en", "b")):
        path = folder / f"email-basics.{language}.md"
        rewrite(path, "version: 1", f"images: [images/{name}.svg]\nversion: 1")
        rewrite(path, "## Send it\n", f"## Send it\n\n![A picture.](images/{name}.svg)\n")
    path = folder / "email-basics.en.md"
    assert_error(rejected(folder), path, line_of(path, "!["), "step 3 shows image 'images/b.svg'")


# --- the body -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("old", "new", "marker", "words"),
    [
        ("Press **Send**.", "Press <b>Send</b>.", "Press", ["HTML", "<b>"]),
        ("Press **Send**.", "Press &nbsp;Send.", "Press", ["HTML", "&nbsp;"]),
        ("Press **Send**.", "<!-- note -->", "<!--", ["HTML"]),
        ("Press **Send**.", "See [help](https://example.org).", "See", ["links", "plain text"]),
        ("Press **Send**.", "Press **Send.", "Press", ["'**' is not closed"]),
        ("Press **Send**.", "Press *Send*.", "Press", ["**bold**"]),
        ("Press **Send**.", "Press _Send_.", "Press", ["**bold**"]),
        ("Press **Send**.", "Type `ls`.", "`ls`", ["code formatting"]),
        ("Press **Send**.", "### Smaller", "### Smaller", ["only '## ' headings"]),
        ("Press **Send**.", "| a | b |", "| a", ["tables"]),
        ("Press **Send**.", "> quoted", "> quoted", ["quotes"]),
        ("Press **Send**.", "```", "```", ["code blocks"]),
        ("Press **Send**.", "* * *", "* * *", ["'* * *'", "new step"]),
        ("- second item", "  - nested item", "nested item", ["lists inside lists"]),
        ("## Send it", "## **Send** it", "## **Send", ["plain text"]),
        ("Press **Send**.", "Press ![an icon](images/x.svg) here.", "Press", ["line of its own"]),
    ],
)
def test_bad_body(folder: Path, old: str, new: str, marker: str, words: list[str]) -> None:
    path = folder / "email-basics.fi.md"
    rewrite(path, old, new)
    assert_error(rejected(folder), path, line_of(path, marker), *words)


def test_text_before_the_first_step(folder: Path) -> None:
    path = folder / "email-basics.fi.md"
    rewrite(path, "## Open the mail", "Welcome!\n\n## Open the mail")
    assert_error(rejected(folder), path, line_of(path, "Welcome"), "text before the first step")


def test_empty_step(folder: Path) -> None:
    path = folder / "email-basics.sv.md"
    rewrite(path, "Open the browser and go to your e-mail service.\n", "")
    assert_error(
        rejected(folder),
        path,
        line_of(path, "## Open the mail"),
        "step 1 ('Open the mail') has no text",
    )


def test_step_without_title(folder: Path) -> None:
    path = folder / "email-basics.fi.md"
    rewrite(path, "## Send it", "##")
    assert_error(rejected(folder), path, line_of(path, "Press **Send**") - 2, "step 3 has no title")


def test_too_few_and_too_many_steps(folder: Path) -> None:
    path = folder / "email-basics.fi.md"
    rewrite(path, "## Send it\n\nPress **Send**.\n", "")
    assert_error(rejected(folder), path, line_of(path, "## Write"), "has 2 steps", "3 to 12")
    many = "".join(f"\n## Step {n}\n\nText {n}.\n" for n in range(13))
    path.write_text(guide_text(body=many))
    assert_error(rejected(folder), path, line_of(path, "## Step 12"), "has 13 steps")


# --- images ---------------------------------------------------------------------------------


def add_image(
    folder: Path, language: str, src: str, *, listed: str | None = None, alt: str = "A letter."
) -> Path:
    path = folder / f"email-basics.{language}.md"
    rewrite(path, "version: 1", f"images:\n  - {listed or src}\nversion: 1")
    rewrite(path, "Press **Send**.", f"Press **Send**.\n\n![{alt}]({src})")
    return path


@pytest.mark.parametrize(
    "src", ["../secret.svg", "images/../../secret.svg", "/etc/passwd.svg", "images\\x.svg"]
)
def test_image_paths_may_not_leave_the_folder(folder: Path, src: str) -> None:
    path = add_image(folder, "fi", src)
    assert_error(rejected(folder), path, line_of(path, "  - "), "leaves the guides folder")


def test_image_missing(folder: Path) -> None:
    path = add_image(folder, "fi", "images/gone.svg")
    assert_error(rejected(folder), path, line_of(path, "  - "), "'images/gone.svg' does not exist")


def test_image_too_large(folder: Path) -> None:
    (folder / "images").mkdir()
    (folder / "images" / "big.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * MAX_IMAGE_BYTES)
    path = add_image(folder, "fi", "images/big.png")
    assert_error(rejected(folder), path, line_of(path, "  - "), "the limit is 1 MB")


@pytest.mark.parametrize(
    ("name", "content", "words"),
    [
        ("x.png", SVG.encode(), ["not a PNG"]),
        ("x.jpg", b"\x89PNG\r\n\x1a\n", ["not a JPEG"]),
        ("x.svg", b"GIF89a", ["not an SVG"]),
        ("x.svg", SVG.replace("<rect", "<script>alert(1)</script><rect").encode(), ["<script"]),
        ("x.svg", SVG.replace("<rect", '<rect onclick="go()"').encode(), ["onclick"]),
        (
            "x.svg",
            SVG.replace("<rect", '<image href="https://example.org/x.png"/><rect').encode(),
            ["href"],
        ),
        (
            "x.svg",
            b'<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "b">]>' + SVG.encode(),
            ["not an SVG"],
        ),
    ],
)
def test_image_of_the_wrong_type_or_unsafe(
    folder: Path, name: str, content: bytes, words: list[str]
) -> None:
    (folder / "images").mkdir()
    (folder / "images" / name).write_bytes(content)
    path = add_image(folder, "fi", f"images/{name}")
    assert_error(rejected(folder), path, line_of(path, "  - "), *words)


def test_image_format_must_be_png_jpeg_or_svg(folder: Path) -> None:
    path = add_image(folder, "fi", "images/x.gif")
    assert_error(rejected(folder), path, line_of(path, "  - "), "PNG, JPEG or SVG")


def test_image_without_alt_text(folder: Path) -> None:
    path = add_image(folder, "fi", "images/x.svg", alt=" ")
    assert_error(rejected(folder), path, line_of(path, "!["), "no alt text")


def test_image_not_listed_and_listed_but_unused(folder: Path) -> None:
    (folder / "images").mkdir()
    (folder / "images" / "x.svg").write_text(SVG)
    (folder / "images" / "y.svg").write_text(SVG)
    path = add_image(folder, "fi", "images/x.svg", listed="images/y.svg")
    assert_error(rejected(folder), path, line_of(path, "!["), "'images/x.svg' is not listed")
    rewrite(path, "![A letter.](images/x.svg)", "")
    assert_error(rejected(folder), path, line_of(path, "  - "), "'images/y.svg' is not shown")


def test_two_images_in_one_step(folder: Path) -> None:
    path = add_image(folder, "fi", "images/x.svg")
    rewrite(
        path, "![A letter.](images/x.svg)", "![A letter.](images/x.svg)\n![Again.](images/x.svg)"
    )
    assert_error(rejected(folder), path, line_of(path, "![Again"), "more than one image")


def test_the_readme_example_is_a_valid_guide(tmp_path: Path) -> None:
    readme = (Path(__file__).parents[2] / "content" / "README.md").read_text(encoding="utf-8")
    example = readme.split("```markdown\n", 1)[1].split("```", 1)[0]
    body = example + "\n## Två\n\nText.\n\n## Tre\n\nText.\n"
    (tmp_path / "images").mkdir()
    (tmp_path / "images" / "paper-clip.svg").write_text(SVG)
    for language in ("fi", "sv", "en"):
        text = body.replace("language: sv", f"language: {language}")
        (tmp_path / f"email-basics.{language}.md").write_text(text, encoding="utf-8")
    guide = load_guides(tmp_path).get("email-basics", "sv")
    assert guide is not None
    assert guide.steps[0].image == "images/paper-clip.svg"
    assert issubclass(GuideError, ValueError)


@pytest.mark.parametrize(
    ("guide_id", "valid"),
    [("email-basics", True), ("e_id2", True), ("Email", False), ("a", False), ("x" * 49, False)],
)
def test_guide_id_pattern(guide_id: str, valid: bool) -> None:
    assert bool(GUIDE_ID.fullmatch(guide_id)) is valid
