"""Jinja2 rendering with per-request translations, language choice and shared page context."""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
from pathlib import Path
from typing import Any
from urllib.parse import quote
from zoneinfo import ZoneInfo

from babel.dates import format_datetime
from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, select_autoescape

from fleet.auth.dependencies import Viewer
from fleet.web.i18n import LANGUAGE_NAMES, LANGUAGES, negotiate, translations

TEMPLATES_DIR = Path(__file__).parent / "templates"
STATIC_DIR = Path(__file__).parent / "static"
LANGUAGE_COOKIE = "fleet_lang"
PREFIX = "/admin"
#: The adviser console's pages (``fleet/web/support.py``).
SUPPORT_PREFIX = "/support"
#: The sign-in cookie's path: one session for the admin pages and the advisers' console.
SESSION_COOKIE_PATH = "/"
#: Timestamps show in the city's time, whatever the server's zone.
HELSINKI = ZoneInfo("Europe/Helsinki")

#: Only our own files run or load, forms post only here, and no other site may frame the
#: pages (a framed command button could be clicked by a visitor tricked into it).
SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
}

#: Named web URLs, so templates and redirects never spell paths twice.
URLS = {
    "home": f"{PREFIX}/",
    "login": f"{PREFIX}/login",
    "logout": f"{PREFIX}/logout",
    "language": f"{PREFIX}/language",
    "devices": f"{PREFIX}/devices",
    "devices_fragment": f"{PREFIX}/devices/fragment",
    "branches": f"{PREFIX}/branches",
    "branch_groups": f"{PREFIX}/branch-groups",
    "profiles": f"{PREFIX}/profiles",
    "stats": f"{PREFIX}/stats",
    "announcements": f"{PREFIX}/announcements",
    "content": f"{PREFIX}/content",
    "content_fragment": f"{PREFIX}/content/fragment",
    "content_upload": f"{PREFIX}/content/upload",
    "content_assign": f"{PREFIX}/content/assign",
    "content_unassign": f"{PREFIX}/content/unassign",
    "content_rollouts": f"{PREFIX}/content/rollouts",
    "content_keys": f"{PREFIX}/content/keys",
    "support_today": f"{SUPPORT_PREFIX}/",
    "support_week": f"{SUPPORT_PREFIX}/week",
    "support_queue": f"{SUPPORT_PREFIX}/queue",
    "support_book": f"{SUPPORT_PREFIX}/book",
    "support_availability": f"{SUPPORT_PREFIX}/availability",
    "support_profile": f"{SUPPORT_PREFIX}/profile",
    "support_advisers": f"{SUPPORT_PREFIX}/advisers",
}


def url(name: str, **params: object) -> str:
    """A web path by name; ``device``, ``branch``, ``profile`` and the like take an ``id``."""
    if name in URLS:
        return URLS[name]
    key = str(params["id"])
    return {
        "device": f"{PREFIX}/devices/{quote(key)}",
        "device_fragment": f"{PREFIX}/devices/{quote(key)}/fragment",
        "device_commands": f"{PREFIX}/devices/{quote(key)}/commands",
        "device_revoke": f"{PREFIX}/devices/{quote(key)}/revoke",
        "branch": f"{PREFIX}/branches/{quote(key)}",
        "branch_hours": f"{PREFIX}/branches/{quote(key)}/hours",
        "branch_profile": f"{PREFIX}/branches/{quote(key)}/profile",
        "branch_codes": f"{PREFIX}/branches/{quote(key)}/enrollment-codes",
        "branch_group_set": f"{PREFIX}/branches/{quote(key)}/group",
        "branch_group": f"{PREFIX}/branch-groups/{quote(key)}",
        "branch_group_delete": f"{PREFIX}/branch-groups/{quote(key)}/delete",
        "profile": f"{PREFIX}/profiles/{quote(key)}",
        "announcement_withdraw": f"{PREFIX}/announcements/{quote(key)}/withdraw",
        "content_version": f"{PREFIX}/content/versions/{quote(key)}",
        "rollout_promote": f"{PREFIX}/content/rollouts/{quote(key)}/promote",
        "rollout_rollback": f"{PREFIX}/content/rollouts/{quote(key)}/rollback",
        "key_retire": f"{PREFIX}/content/keys/{quote(key)}/retire",
    }[name]


@functools.cache
def _static_version(name: str) -> str:
    # Cache-busting query: browsers fetch a changed file at once, never a stale one.
    return hashlib.sha256((STATIC_DIR / name).read_bytes()).hexdigest()[:12]


def static_url(name: str) -> str:
    return f"{PREFIX}/static/{name}?v={_static_version(name)}"


@functools.cache
def environment() -> Environment:
    """The template environment (templates are code, so one per process is right)."""
    env = Environment(
        loader=FileSystemLoader(TEMPLATES_DIR),
        autoescape=select_autoescape(["html"]),
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals.update(url=url, static_url=static_url)
    return env


def request_language(request: Request, viewer: Viewer | None = None) -> str:
    """Cookie choice first, then the signed-in user's preference, then the browser's."""
    return negotiate(
        request.cookies.get(LANGUAGE_COOKIE),
        viewer.user.language if viewer else None,
        accept_language=request.headers.get("accept-language"),
    )


class Page:
    """Per-request helpers a template needs: gettext in the request's language, dates."""

    def __init__(self, request: Request, viewer: Viewer | None) -> None:
        self.request = request
        self.viewer = viewer
        self.lang = request_language(request, viewer)
        self._translations = translations(self.lang)

    def gettext(self, message: str, **variables: object) -> str:
        text = self._translations.gettext(message)
        return text % variables if variables else text

    def ngettext(self, singular: str, plural: str, n: int, **variables: object) -> str:
        text = self._translations.ngettext(singular, plural, n)
        return text % {"num": n, **variables}

    def when(self, value: dt.datetime | None) -> str:
        """A timestamp in Helsinki time, written the way the reader's language writes dates."""
        if value is None:
            return self.gettext("never")
        return format_datetime(
            value, format="short", tzinfo=HELSINKI, locale=_babel_locale(self.lang)
        )

    def language_url(self, language: str) -> str:
        here = self.request.url.path
        if self.request.url.query and not here.endswith("/fragment"):
            here += "?" + self.request.url.query
        return f"{URLS['language']}?lang={language}&next={quote(here, safe='')}"

    def render(
        self,
        template: str,
        status_code: int = 200,
        notices: list[tuple[str, str]] | None = None,
        **context: Any,
    ) -> HTMLResponse:
        html = (
            environment()
            .get_template(template)
            .render(
                _=self.gettext,
                gettext=self.gettext,
                ngettext=self.ngettext,
                when=self.when,
                lang=self.lang,
                languages=[(code, LANGUAGE_NAMES[code]) for code in LANGUAGES],
                language_url=self.language_url,
                **{
                    "user": self.viewer.user if self.viewer else None,
                    "csrf_token": self.viewer.csrf_token if self.viewer else "",
                    "notices": notices or [],
                    **context,
                },
            )
        )
        response = HTMLResponse(html, status_code=status_code)
        # Pages show device state and secrets (enrolment codes): never cache them.
        response.headers["Cache-Control"] = "no-store"
        response.headers["Content-Language"] = self.lang
        response.headers.update(SECURITY_HEADERS)
        return response


def _babel_locale(language: str) -> str:
    return {"fi": "fi_FI", "sv": "sv_FI", "en": "en_GB"}.get(language, "fi_FI")
