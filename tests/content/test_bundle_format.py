"""The bundle source format: what a valid folder becomes, and each way a folder is refused."""

from __future__ import annotations

import datetime as dt
import io
import os
import struct
import zlib
from pathlib import Path

import pytest
from PIL import Image

from content.bundle import Bundle, BundleError, Problem, load_bundle
from content.guides import default_guides
from content.manifest import FileKind
from content.slides import Level
from tests.content.bundle_files import copy_default, write_bundle
from tests.content.guide_files import line_of


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return write_bundle(tmp_path / "src")


def rewrite(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def problems(folder: Path) -> list[Problem]:
    with pytest.raises(BundleError) as caught:
        load_bundle(folder)
    assert str(caught.value) == "\n".join(str(p) for p in caught.value.problems)
    return list(caught.value.problems)


def only_problem(folder: Path) -> Problem:
    found = problems(folder)
    assert len(found) == 1, found
    return found[0]


def test_a_valid_folder_loads(folder: Path) -> None:
    bundle = load_bundle(folder)
    assert bundle.info.id == "test-bundle"
    assert bundle.info.version == 3
    assert bundle.info.languages == ("fi", "sv", "en")
    assert bundle.info.expires_in_days == 30
    assert {f.path: f.kind for f in bundle.files} == {
        "bundle.yaml": FileKind.BUNDLE,
        "guides/email-basics.en.md": FileKind.GUIDE,
        "guides/email-basics.fi.md": FileKind.GUIDE,
        "guides/email-basics.sv.md": FileKind.GUIDE,
        "slides/e-library.yaml": FileKind.SLIDE,
        "announcements/closed-early.yaml": FileKind.ANNOUNCEMENT,
        "images/book.svg": FileKind.IMAGE,
    }
    assert bundle.guides.get("email-basics", "sv") is not None
    (slide,) = bundle.slides
    assert slide.text["sv"].title == "E-böcker"
    assert slide.seconds == 20
    assert slide.branches == ("oodi", "kallio")
    # an unquoted 13:00 is a time, not YAML 1.1's sexagesimal 780
    assert [(r.start, r.end) for r in slide.schedule.times or ()] == [
        (dt.time(9), dt.time(12)),
        (dt.time(13), dt.time(16, 30)),
    ]
    assert bundle.image_path(slide.image or "").is_file()
    (notice,) = bundle.announcements
    assert notice.level is Level.URGENT


def test_slides_and_announcements_for_a_kiosk(folder: Path) -> None:
    bundle = load_bundle(folder)
    monday_morning = dt.datetime(2026, 5, 4, 10, 0)
    assert [s.id for s in bundle.slides_at(monday_morning, "oodi")] == ["e-library"]
    assert bundle.slides_at(monday_morning, "itakeskus") == []
    assert bundle.slides_at(dt.datetime(2026, 5, 4, 12, 30), "oodi") == []
    noon = dt.datetime(2026, 5, 4, 12, 0, tzinfo=dt.timezone(dt.timedelta(hours=3)))
    assert [a.id for a in bundle.announcements_at(noon, "itakeskus")] == ["closed-early"]
    assert bundle.announcements_at(noon + dt.timedelta(hours=4), "oodi") == []


def test_the_default_content_is_a_valid_bundle() -> None:
    bundle = load_bundle(Path(__file__).parents[2] / "content" / "default")
    assert bundle.info.id == "helsinki-libraries"
    assert 4 <= len(bundle.slides) <= 6
    for slide in bundle.slides:
        assert set(slide.text) == {"fi", "sv", "en"}
        assert slide.image is not None
        assert bundle.image_path(slide.image).is_file()
    assert [s.id for s in bundle.slides] == sorted(s.id for s in bundle.slides)
    # the example announcement never shows by default
    now = dt.datetime.now(dt.UTC)
    assert all(not a.active_at(now) for a in bundle.announcements)
    # the guides are the ones the kiosk ships; Python files are not part of the bundle
    assert bundle.guides.guides.keys() == default_guides().guides.keys()
    assert not any(f.path.endswith(".py") for f in bundle.files)


def test_every_problem_is_reported_at_once(folder: Path) -> None:
    rewrite(folder / "slides/e-library.yaml", "seconds: 20", "seconds: 2")
    rewrite(folder / "announcements/closed-early.yaml", "level: urgent", "level: loud")
    rewrite(folder / "bundle.yaml", "expires_in_days: 30", "expires_in_days: 0")
    found = problems(folder)
    assert [p.path for p in found] == [
        "announcements/closed-early.yaml",
        "bundle.yaml",
        "slides/e-library.yaml",
    ]
    assert all(p.line for p in found)


def test_broken_yaml_names_file_and_line(folder: Path) -> None:
    rewrite(folder / "slides/e-library.yaml", "    title: E-books", "    title: [E-books")
    problem = only_problem(folder)
    assert problem.path == "slides/e-library.yaml"
    assert problem.line is not None
    assert abs(problem.line - line_of(folder / "slides/e-library.yaml", "[E-books")) <= 1
    assert "not valid YAML" in problem.message
    assert str(problem).startswith(f"slides/e-library.yaml:{problem.line}: ")


def test_a_key_given_twice(folder: Path) -> None:
    rewrite(folder / "slides/e-library.yaml", "seconds: 20", "seconds: 20\nseconds: 30")
    problem = only_problem(folder)
    assert (problem.line, problem.message) == (
        line_of(folder / "slides/e-library.yaml", "seconds: 30"),
        "the field 'seconds' is given twice",
    )


def test_a_missing_translation(folder: Path) -> None:
    path = folder / "slides/e-library.yaml"
    rewrite(path, "  sv:\n    title: E-böcker\n    body: Låna e-böcker med bibliotekskortet.\n", "")
    problem = only_problem(folder)
    assert problem.path == "slides/e-library.yaml"
    assert problem.line == line_of(path, "text:")
    assert "missing translation" in problem.message
    assert "sv" in problem.message


def test_a_missing_announcement_translation(folder: Path) -> None:
    path = folder / "announcements/closed-early.yaml"
    rewrite(path, "  en: The library closes at 16 today.\n", "")
    assert "missing translation: 'text' has no en" in only_problem(folder).message


def test_a_translation_for_a_language_the_bundle_does_not_have(folder: Path) -> None:
    path = folder / "announcements/closed-early.yaml"
    rewrite(path, "  en: The library", "  ru: Библиотека.\n  en: The library")
    problem = only_problem(folder)
    assert problem.line == line_of(path, "ru:")
    assert "'ru' is not in bundle.yaml's languages" in problem.message


def test_a_bundle_language_every_guide_must_have(folder: Path) -> None:
    rewrite(folder / "bundle.yaml", "[fi, sv, en]", "[fi, sv, en, ru]")
    found = {(p.path, p.message.split(":")[0]) for p in problems(folder)}
    assert found == {
        ("bundle.yaml", "missing translation"),  # title
        ("guides/email-basics.en.md", "missing translation"),
        ("slides/e-library.yaml", "missing translation"),
        ("announcements/closed-early.yaml", "missing translation"),
    }


def test_a_missing_required_language(folder: Path) -> None:
    rewrite(folder / "bundle.yaml", "[fi, sv, en]", "[fi, en]")
    problem = only_problem(folder)
    assert (problem.path, problem.line) == ("bundle.yaml", 3)
    assert problem.message == "'languages': sv missing: every bundle has fi, sv, en"


def test_norwegian_is_not_false(folder: Path) -> None:
    """YAML 1.1 reads a bare 'no' as false; a bundle reads it as the language code."""
    rewrite(folder / "bundle.yaml", "[fi, sv, en]", "[fi, sv, en, no]")
    rewrite(folder / "bundle.yaml", "title: {fi: Testi, sv: Test, en: Test}", "")
    found = problems(folder)
    assert found
    assert all("no" in p.message for p in found)


@pytest.mark.parametrize(
    ("file", "old", "new", "field"),
    [
        ("slides/e-library.yaml", "seconds: 20", "secs: 20", "secs"),
        ("slides/e-library.yaml", "    title: E-books", "    titel: E-books", "titel"),
        ("slides/e-library.yaml", "  weekdays:", "  days: [mon]\n  weekdays:", "days"),
        ("announcements/closed-early.yaml", "level: urgent", "level: urgent\ncolor: red", "color"),
        ("bundle.yaml", "version: 3", "version: 3\nauthor: me", "author"),
    ],
)
def test_an_unknown_field(folder: Path, file: str, old: str, new: str, field: str) -> None:
    rewrite(folder / file, old, new)
    problem = only_problem(folder)
    assert problem.path == file
    assert problem.line == line_of(folder / file, f"{field}:")
    assert problem.message.startswith(f"unknown field '{field}'")


def test_an_unknown_field_suggests_the_right_one(folder: Path) -> None:
    rewrite(folder / "slides/e-library.yaml", "seconds: 20", "second: 20")
    assert "(did you mean 'seconds'?)" in only_problem(folder).message


@pytest.mark.parametrize("image", ["../outside.svg", "/etc/hosts.svg", "images/../../x.svg"])
def test_an_image_path_leaving_the_folder(folder: Path, image: str) -> None:
    (folder.parent / "outside.svg").write_text("<svg></svg>")
    rewrite(folder / "slides/e-library.yaml", "image: images/book.svg", f"image: {image}")
    problem = only_problem(folder)
    assert problem.line == line_of(folder / "slides/e-library.yaml", "image:")
    assert "leaves the bundle folder" in problem.message


def test_a_missing_image(folder: Path) -> None:
    rewrite(folder / "slides/e-library.yaml", "images/book.svg", "images/cover.svg")
    problem = only_problem(folder)
    assert problem.line == line_of(folder / "slides/e-library.yaml", "image:")
    assert problem.message == "image 'images/cover.svg' does not exist"


def test_a_symlink_out_of_the_folder(folder: Path, tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("not for kiosks")
    os.symlink(secret, folder / "images" / "leak.svg")
    problem = only_problem(folder)
    assert problem.path == "images/leak.svg"
    assert "outside the bundle folder" in problem.message


def test_a_symlinked_folder_out_of_the_bundle(folder: Path, tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "x.yaml").write_text("id: x\n")
    os.symlink(outside, folder / "announcements" / "more")
    problem = only_problem(folder)
    assert problem.path == "announcements/more"
    assert "outside the bundle folder" in problem.message


def test_a_symlink_inside_the_folder_is_refused_too(folder: Path) -> None:
    os.symlink(folder / "images" / "book.svg", folder / "images" / "copy.svg")
    assert "copy the file" in only_problem(folder).message


def png(width: int, height: int, *, noise: bool = False) -> bytes:
    if noise:
        image = Image.frombytes("RGB", (width, height), os.urandom(width * height * 3))
    else:
        image = Image.new("RGB", (width, height), "white")
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def test_a_picture_with_too_many_pixels(folder: Path) -> None:
    (folder / "images" / "wide.png").write_bytes(png(5000, 10))
    problem = only_problem(folder)
    assert (problem.path, problem.message) == (
        "images/wide.png",
        "the picture is 5000×10 pixels; at most 4096×4096",
    )


def test_a_decompression_bomb(folder: Path) -> None:
    """A small file whose header claims 100 000 × 100 000 pixels is refused undecoded."""
    data = bytearray(png(1, 1))
    ihdr = data.index(b"IHDR")
    data[ihdr + 4 : ihdr + 12] = struct.pack(">II", 100_000, 100_000)
    data[ihdr + 17 : ihdr + 21] = struct.pack(">I", zlib.crc32(data[ihdr : ihdr + 17]))
    (folder / "images" / "bomb.png").write_bytes(bytes(data))
    problem = only_problem(folder)
    assert problem.path == "images/bomb.png"
    assert "pixels" in problem.message


def test_a_picture_too_large_on_disk(folder: Path) -> None:
    data = png(1000, 1000, noise=True)
    assert len(data) > 2 * 1024 * 1024
    (folder / "images" / "photo.png").write_bytes(data)
    problem = only_problem(folder)
    assert problem.path == "images/photo.png"
    assert problem.message.endswith("the limit is 2 MB")


def test_a_picture_that_is_not_what_its_name_says(folder: Path) -> None:
    (folder / "images" / "photo.jpg").write_bytes(png(10, 10))
    assert only_problem(folder).message == "not a readable JPEG file"
    (folder / "images" / "photo.jpg").unlink()
    (folder / "images" / "cut.png").write_bytes(png(300, 300, noise=True)[:5000])
    assert only_problem(folder).message == "not a readable PNG file"


@pytest.mark.parametrize(
    "svg",
    [
        '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
        '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"></svg>',
        '<svg xmlns="http://www.w3.org/2000/svg"><image href="http://x/y.png"/></svg>',
        '<!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]><svg>&x;</svg>',
    ],
)
def test_an_unsafe_svg(folder: Path, svg: str) -> None:
    (folder / "images" / "bad.svg").write_text(svg)
    problem = only_problem(folder)
    assert problem.path == "images/bad.svg"
    assert "not an SVG file" in problem.message or "may not contain scripts" in problem.message


def test_an_unsafe_svg_in_the_guides_images(folder: Path) -> None:
    (folder / "guides" / "images").mkdir()
    (folder / "guides" / "images" / "x.svg").write_text("<svg><script>x()</script></svg>")
    assert only_problem(folder).path == "guides/images/x.svg"


def test_a_slide_whose_until_is_before_from(folder: Path) -> None:
    path = folder / "slides/e-library.yaml"
    rewrite(path, "until: 2026-05-31", "until: 2026-04-30")
    problem = only_problem(folder)
    assert problem.line == line_of(path, "until: 2026-04-30")
    assert problem.message == "'schedule.until': until (2026-04-30) is before from (2026-05-01)"


def test_a_time_range_that_ends_before_it_starts(folder: Path) -> None:
    path = folder / "slides/e-library.yaml"
    rewrite(path, '{from: "09:00", until: "12:00"}', '{from: "12:00", until: "09:00"}')
    problem = only_problem(folder)
    assert problem.line == line_of(path, '"12:00", until: "09:00"')
    assert "must be later than from (12:00)" in problem.message


def test_an_announcement_without_a_time_zone(folder: Path) -> None:
    path = folder / "announcements/closed-early.yaml"
    rewrite(path, "until: 2026-05-04T16:00:00+03:00", "until: 2026-05-04T16:00:00")
    problem = only_problem(folder)
    assert problem.line == line_of(path, "until:")
    assert "'until' needs a time zone" in problem.message


def test_an_id_that_differs_from_the_file_name(folder: Path) -> None:
    rewrite(folder / "slides/e-library.yaml", "id: e-library", "id: ebooks")
    problem = only_problem(folder)
    assert problem.line == 1
    assert "does not match the file name (expected 'e-library')" in problem.message


def test_a_title_too_long(folder: Path) -> None:
    rewrite(folder / "slides/e-library.yaml", "title: E-books", "title: " + "E" * 61)
    problem = only_problem(folder)
    assert problem.message == "'text.en.title' is 61 characters; at most 60"


def test_guide_problems_come_with_their_file_and_line(folder: Path) -> None:
    rewrite(folder / "guides/email-basics.sv.md", "topic: email", "topic: mail")
    problem = only_problem(folder)
    assert problem.path == "guides/email-basics.sv.md"
    assert problem.line == line_of(folder / "guides/email-basics.sv.md", "topic:")
    assert "unknown topic 'mail'" in problem.message


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("slides/extra.yml", "write .yaml, not .yml"),
        ("notes.txt", "unexpected file"),
        ("images/sub/x.svg", "unexpected file"),
        ("slides/Big.yaml", "lowercase"),
    ],
)
def test_files_that_do_not_belong(folder: Path, name: str, message: str) -> None:
    (folder / name).parent.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text("id: x\n")
    found = problems(folder)
    assert any(p.path == name and message in p.message for p in found), found


def test_hidden_and_python_files_are_ignored(folder: Path) -> None:
    (folder / ".git").mkdir()
    (folder / ".git" / "HEAD").write_text("ref")
    (folder / "__init__.py").write_text("")
    (folder / "README.md").write_text("# notes")
    (folder / "slides" / ".e-library.yaml.swp").write_text("x")
    assert len(load_bundle(folder).files) == 7


def test_a_missing_bundle_yaml(folder: Path) -> None:
    (folder / "bundle.yaml").unlink()
    problem = only_problem(folder)
    assert problem.path == "bundle.yaml"
    assert problem.message.startswith("missing")


def test_an_empty_or_non_mapping_file(folder: Path) -> None:
    (folder / "slides/e-library.yaml").write_text("")
    assert only_problem(folder).message == "the file is empty"
    (folder / "slides/e-library.yaml").write_text("- a\n- b\n")
    assert only_problem(folder).message == "write the file as 'name: value' lines"


def test_a_copy_of_the_default_content_can_be_broken_too(tmp_path: Path) -> None:
    source = copy_default(tmp_path / "default")
    assert isinstance(load_bundle(source), Bundle)
    rewrite(source / "bundle.yaml", "id: helsinki-libraries", "id: Helsinki Libraries")
    problem = only_problem(source)
    assert problem.line == 4
    assert problem.message.startswith("'id' is 'Helsinki Libraries'; write lowercase letters")


def test_yaml_aliases_are_refused(folder: Path) -> None:
    """Nested aliases would let a 1 KB file expand to a billion values."""
    path = folder / "slides/e-library.yaml"
    rewrite(path, "branches: [oodi, kallio]", "branches: &b [oodi, kallio]\nx: [*b, *b]")
    problem = only_problem(folder)
    assert problem.line == line_of(path, "x: [*b")
    assert problem.message == "anchors and aliases (& and *) are not supported"
