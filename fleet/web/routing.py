"""A route class for web pages: sign-in redirects and errors become translated HTML pages."""

from __future__ import annotations

import logging
from collections.abc import Callable, Coroutine
from typing import Any
from urllib.parse import quote

from fastapi import Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import RedirectResponse
from fastapi.routing import APIRoute

from fleet.auth.dependencies import Viewer, WebForbidden, WebLoginRequired
from fleet.auth.errors import CsrfError
from fleet.errors import FleetError
from fleet.web.labels import ERRORS, GENERIC_ERROR, N_
from fleet.web.rendering import Page, url

log = logging.getLogger(__name__)

_TITLES = {
    403: N_("No access"),
    404: N_("Not found"),
    409: N_("Not possible now"),
    422: N_("Check the values"),
    429: N_("Too many attempts"),
}
FORBIDDEN_TEXT = N_(
    "Your account does not have access to this page. Digital-support advisers use the "
    "support pages; ask IT if you need access here."
)
NOT_FOUND_TEXT = N_("There is no such page.")
UNKNOWN_TITLE = N_("Something went wrong")
CSRF_TEXT = N_("The form had expired or came from another site. Open the page again and retry.")


def error_page(request: Request, status: int, text: str) -> Response:
    viewer: Viewer | None = getattr(request.state, "viewer", None)
    page = Page(request, viewer)
    heading = page.gettext(_TITLES.get(status, UNKNOWN_TITLE))
    return page.render(
        "error.html", status_code=status, heading=heading, explanation=page.gettext(text)
    )


class WebRoute(APIRoute):
    """Turns the web dependencies' signals and business errors into pages, not JSON."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def web_handler(request: Request) -> Response:
            try:
                return await handler(request)
            except WebLoginRequired:
                target = request.url.path
                if request.method == "GET" and not target.endswith("/fragment"):
                    location = f"{url('login')}?next={quote(target, safe='')}"
                else:
                    location = url("login")
                return RedirectResponse(location, status_code=303)
            except WebForbidden as forbidden:
                request.state.viewer = forbidden.viewer
                return error_page(request, 403, FORBIDDEN_TEXT)
            except CsrfError:
                return error_page(request, 403, CSRF_TEXT)
            except RequestValidationError:
                # Only path and query parameters are validated here (forms are parsed by
                # hand), so a malformed one names a page that does not exist.
                return error_page(request, 404, NOT_FOUND_TEXT)
            except FleetError as error:
                log.info("web request refused: %s", error.code)
                return error_page(request, error.status, ERRORS.get(error.code, GENERIC_ERROR))

        return web_handler
