"""Structural accessibility of every page: landmarks, skip link, labels, table headers.

Checked on the real rendered HTML of each page an admin can open (with data on it), so a
new unlabeled field or a table without headers fails here before a screen-reader user finds it.
"""

from __future__ import annotations

from html.parser import HTMLParser

import httpx
import pytest

from fleet.auth.models import Role
from tests.fleet.admin.helpers import check_in, enroll_device
from tests.fleet.web.conftest import WebClient
from tests.support.fleetdb import FleetDb

pytestmark = pytest.mark.asyncio


class Structure(HTMLParser):
    """Collects what the checks need from one page."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.label_targets: set[str] = set()
        self.ids: list[str] = []
        self.open_labels = 0
        self.labelled_by_wrapping: set[int] = set()
        self.tables = 0
        self.table_headers = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        self.tags.append((tag, attributes))
        if attributes.get("id"):
            self.ids.append(str(attributes["id"]))
        if tag == "label":
            self.open_labels += 1
            if attributes.get("for"):
                self.label_targets.add(str(attributes["for"]))
        if tag in ("input", "select", "textarea") and self.open_labels:
            self.labelled_by_wrapping.add(len(self.tags) - 1)
        if tag == "table":
            self.tables += 1
        if tag == "th":
            self.table_headers += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "label":
            self.open_labels -= 1


def check_page(html: str, where: str) -> None:
    page = Structure()
    page.feed(html)
    tags = [tag for tag, _ in page.tags]
    assert tags.count("main") == 1, where
    assert "header" in tags, where
    first_link = next(attrs for tag, attrs in page.tags if tag == "a")
    assert first_link.get("href") == "#main", f"{where}: the skip link must come first"
    assert any(attrs.get("lang") for tag, attrs in page.tags if tag == "html"), where
    assert len(page.ids) == len(set(page.ids)), f"{where}: duplicate ids"
    for index, (tag, attrs) in enumerate(page.tags):
        if tag in ("input", "select", "textarea") and attrs.get("type") != "hidden":
            labelled = (
                attrs.get("id") in page.label_targets
                or attrs.get("aria-label")
                or attrs.get("aria-labelledby")
                or index in page.labelled_by_wrapping
            )
            assert labelled, f"{where}: unlabeled {tag} {attrs}"
        if tag == "button":
            assert attrs.get("type") in ("submit", "button"), f"{where}: button without type"
        if tag == "nav":
            assert attrs.get("aria-label"), f"{where}: nav without a name"
    if page.tables:
        assert page.table_headers, f"{where}: tables need headers"


async def test_every_admin_page_is_structurally_accessible(
    web: WebClient, fleet_db: FleetDb, client: httpx.AsyncClient
) -> None:
    fleet_db.create_branch("oodi")
    device_id, token = await enroll_device(client, fleet_db.enrollment_code("oodi"))
    await check_in(client, token)
    async with web() as anonymous:
        check_page((await anonymous.get("/admin/login")).text, "login")
    async with web(Role.ADMIN) as http:
        page = await http.get("/admin/profiles")
        csrf = page.text.split('name="csrf_token" value="')[1].split('"')[0]
        created = await http.post("/admin/profiles", data={"csrf_token": csrf, "name": "P"})
        await http.post(
            f"/admin/devices/{device_id}/commands",
            data={"csrf_token": csrf, "type": "lock", "message": "Hetki"},
        )
        for path in (
            "/admin/devices",
            f"/admin/devices/{device_id}",
            "/admin/branches",
            "/admin/branches/oodi",
            "/admin/profiles",
            created.headers["location"],
            "/admin/devices/999",
        ):
            reply = await http.get(path)
            check_page(reply.text, path)
    async with web(Role.ADVISER) as adviser:
        check_page((await adviser.get("/admin/devices")).text, "403 page")
