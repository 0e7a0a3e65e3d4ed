"""What every server-rendered form handler needs: its text fields, error texts, the redirect.

POST handlers answer with 303 See Other to a GET page (POST/redirect/GET), so reloading the
page never sends the form again.
"""

from __future__ import annotations

import unicodedata

from fastapi.responses import RedirectResponse
from starlette.datastructures import FormData

from fleet.web.labels import ERRORS, GENERIC_ERROR
from fleet.web.rendering import Page


def redirect(location: str) -> RedirectResponse:
    """See Other: the browser GETs ``location`` after a form was handled."""
    return RedirectResponse(location, status_code=303)


def form_text(
    form: FormData, name: str, max_length: int = 500, *, single_line: bool = False
) -> str:
    """A text field, trimmed and cut to ``max_length`` ("" when absent or a file).

    ``single_line`` also drops control characters (line breaks included), which never
    belong in a name or an id.
    """
    value = form.get(name)
    if not isinstance(value, str):
        return ""
    if single_line:
        value = "".join(c for c in value if unicodedata.category(c) != "Cc")
    return value.strip()[:max_length]


def error_text(page: Page, code: str) -> str:
    """The translated message for a ``FleetError`` code (a generic one for unknown codes)."""
    return page.gettext(ERRORS.get(code, GENERIC_ERROR))
