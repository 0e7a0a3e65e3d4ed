"""Branch groups through the web forms: made on the branches page (errors next to their
fields, nothing typed lost), used as a content channel on /admin/content, refused deletion
while assigned, a branch's group changed on its own page; in every UI language."""

from __future__ import annotations

import html
import re

import pytest
from fastapi import FastAPI

from fleet.auth.models import Role
from fleet.content import keys
from fleet.ops.audit import list_audit
from tests.fleet.content.bundles import Publisher, guides
from tests.fleet.web.conftest import WebClient, csrf_of
from tests.fleet.web.test_accessibility import check_page
from tests.fleet.web.test_content_pages import Kiosk, kiosks, upload
from tests.fleet.web.test_visitor_pages import english_leaks
from tests.support.fleetdb import FleetDb

pytestmark = pytest.mark.asyncio
__all__ = ["kiosks"]  # the fixture: Oodi and Kallio with PCs that have checked in

NAMES = {"name_fi": "Itä", "name_sv": "Öster", "name_en": "East"}


def error_of(page: str, field: str) -> str:
    match = re.search(rf'<p class="field-error" id="{field}-error">(.*?)</p>', page, re.S)
    assert match, f"no error next to {field}"
    return html.unescape(re.sub(r"<[^>]+>", "", match.group(1))).strip()


def checked(page: str, branch_id: str) -> bool:
    match = re.search(rf'<input type="checkbox" id="member-{branch_id}"[^>]*>', page)
    assert match, branch_id
    return " checked" in match.group(0)


async def test_make_a_group_assign_content_to_it_and_delete_it(
    app: FastAPI, web: WebClient, kiosks: dict[str, Kiosk], fleet_db: FleetDb
) -> None:
    fleet_db.create_branch("pasila")
    publisher = Publisher.new()
    with fleet_db.session() as session:
        keys.add_key(session, publisher.public, "test")
    built = publisher.build(guides(2), bundle="east-info")
    async with web(Role.ADMIN) as http:
        await http.get("/admin/language", params={"lang": "en"})
        page = await http.get("/admin/branches")
        assert page.status_code == 200
        check_page(page.text, "branches")
        assert "No groups yet." in page.text
        csrf = csrf_of(page.text)

        # Everything wrong at once: each problem next to its field, and what was typed kept.
        refused = await http.post(
            "/admin/branch-groups",
            data={
                "csrf_token": csrf,
                "group_id": "East side",
                "name_fi": "Itä",
                "name_sv": "",
                "name_en": "East",
                "branches": ["oodi", "kallio"],
            },
        )
        assert refused.status_code == 422
        check_page(refused.text, "branches with errors")
        assert "Check the identifier" in error_of(refused.text, "group_id")
        assert error_of(refused.text, "name_sv") == "✕ Write the group's name in this language too."
        assert 'aria-invalid="true"' in refused.text
        assert 'value="East side"' in refused.text
        assert 'value="Itä"' in refused.text
        assert checked(refused.text, "oodi")
        assert not checked(refused.text, "pasila")
        assert 'href="#name_sv"' in refused.text  # the summary links to the field

        created = await http.post(
            "/admin/branch-groups",
            data={"csrf_token": csrf, "group_id": "east", **NAMES, "branches": ["oodi", "kallio"]},
        )
        assert created.status_code == 303, created.text
        listing = (await http.get(created.headers["location"])).text
        assert "The group is created." in listing
        row = listing.split('data-group="east"')[1].split("</tr>")[0]
        assert "kallio en, oodi en" in row
        again = await http.post(
            "/admin/branch-groups",
            data={"csrf_token": csrf, "group_id": "east", **NAMES},
        )
        assert again.status_code == 409
        assert "A group with this identifier exists already." in error_of(again.text, "group_id")

        # The group is a channel on the content page.
        uploaded = await upload(http, csrf, built.tar())
        version_id = int(uploaded.headers["location"].rsplit("=", 1)[1])
        content = (await http.get("/admin/content")).text
        assert '<optgroup label="Branch groups">' in content
        assert '<option value="group:east" >Group: East</option>' in content
        assigned = await http.post(
            "/admin/content/assign",
            data={"csrf_token": csrf, "version_id": version_id, "scope": "group:east"},
        )
        assert assigned.status_code == 303, assigned.text
        for name in ("oodi", "kallio", "kallio-2"):
            assert (await kiosks[name].check_in()).content_manifest_id == built.manifest_id
        fragment = (await http.get("/admin/content/fragment")).text
        row = fragment.split('data-scope="group:east"')[1].split("</tr>")[0]
        assert "Group: East" in row
        assert 'id="unassign-group_east"' in row
        assert "Remove the group&#39;s version" in row
        unknown = await http.post(
            "/admin/content/assign",
            data={"csrf_token": csrf, "version_id": version_id, "scope": "group:west"},
        )
        assert unknown.status_code == 404
        assert error_of(unknown.text, "assign_scope") == "✕ There is no such branch group."

        # Not deleted while assigned; the page says what to do instead.
        group_page = await http.get("/admin/branch-groups/east")
        check_page(group_page.text, "group")
        assert "east-info@1" in group_page.text
        kept = await http.post("/admin/branch-groups/east/delete", data={"csrf_token": csrf})
        assert kept.status_code == 409
        assert "Remove the group's assignment on the content page first" in html.unescape(kept.text)

        # Kallio leaves the group on its own page: its PCs fall back to all (nothing there).
        moved = await http.post(
            "/admin/branches/kallio/group", data={"csrf_token": csrf, "group_id": ""}
        )
        assert moved.headers["location"] == "/admin/branches/kallio?saved=1"
        branch_page = (await http.get("/admin/branches/kallio")).text
        check_page(branch_page, "branch")
        assert '<option value="east" >East</option>' in branch_page
        assert (await kiosks["kallio"].check_in()).content_manifest_id is None
        assert (await kiosks["oodi"].check_in()).content_manifest_id == built.manifest_id
        # ... and back, by ticking it on the group's page (renaming the group at once).
        saved = await http.post(
            "/admin/branch-groups/east",
            data={"csrf_token": csrf, **NAMES, "name_en": "East side", "branches": ["kallio"]},
        )
        assert saved.status_code == 303
        assert (await kiosks["kallio"].check_in()).content_manifest_id == built.manifest_id
        assert (await kiosks["oodi"].check_in()).content_manifest_id is None
        bad_member = await http.post(
            "/admin/branch-groups/east",
            data={"csrf_token": csrf, **NAMES, "branches": ["nowhere"]},
        )
        assert bad_member.status_code == 422
        assert error_of(bad_member.text, "group_branches") == "✕ There is no such branch."
        forged = await http.post(
            "/admin/branch-groups/east",
            data={"csrf_token": csrf, **NAMES, "name_fi": "It\x00ä", "branches": ["Not A Branch"]},
        )
        assert forged.status_code == 422
        assert error_of(forged.text, "group_branches") == "✕ There is no such branch."
        assert 'value="Itä"' in forged.text  # the invisible character is gone

        unassigned = await http.post(
            "/admin/content/unassign", data={"csrf_token": csrf, "scope": "group:east"}
        )
        assert unassigned.headers["location"] == "/admin/content?done=group_unassigned"
        assert "The group's assignment is removed." in html.unescape(
            (await http.get(unassigned.headers["location"])).text
        )
        deleted = await http.post("/admin/branch-groups/east/delete", data={"csrf_token": csrf})
        assert deleted.status_code == 303
        assert "The group is deleted." in (await http.get(deleted.headers["location"])).text
        assert (await http.get("/admin/branch-groups/east")).status_code == 404
    async with web(Role.STAFF) as http:  # branches and their groups are for admins
        assert (await http.get("/admin/branches")).status_code == 403
    with fleet_db.session() as session:
        actions = [entry.action for entry in list_audit(session, limit=100)]
    for action in ("branch_group.create", "branch.group", "branch_group.update"):
        assert action in actions


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
@pytest.mark.parametrize("language", ["fi", "sv"])
async def test_group_pages_speak_the_readers_language(
    web: WebClient, kiosks: dict[str, Kiosk], language: str
) -> None:
    async with web(Role.ADMIN) as http:
        await http.get("/admin/language", params={"lang": language})
        csrf = csrf_of((await http.get("/admin/branches")).text)
        await http.post(
            "/admin/branch-groups",
            data={"csrf_token": csrf, "group_id": "east", **NAMES, "branches": ["oodi"]},
        )
        pages = {
            "branches": await http.get("/admin/branches?done=group_created"),
            "branch errors": await http.post(
                "/admin/branch-groups", data={"csrf_token": csrf, "group_id": "East"}
            ),
            "group": await http.get("/admin/branch-groups/east?done=group_saved"),
            "branch": await http.get("/admin/branches/oodi"),
            "content": await http.get("/admin/content"),
        }
    for name, reply in pages.items():
        assert reply.status_code in (200, 422), (name, reply.status_code)
        assert english_leaks(reply.text, language) == [], name
        check_page(reply.text, name)
