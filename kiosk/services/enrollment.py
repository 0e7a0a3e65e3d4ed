"""Enrolment: exchange a one-time code for this PC's credential and store it."""

from __future__ import annotations

import datetime as dt
import re
import socket

from pydantic import ValidationError

from fleet.protocol import EnrollRequest
from kiosk.services.client import DeviceClient
from kiosk.services.errors import EnrollmentError
from kiosk.services.state import Credential, StateDir

_HOSTNAME_BAD = re.compile(r"[^A-Za-z0-9-]+")


def kiosk_hostname(raw: str | None = None) -> str:
    """This PC's short host name in the form the wire contract accepts (``kiosk`` if none)."""
    label = (raw if raw is not None else socket.gethostname()).split(".")[0]
    label = _HOSTNAME_BAD.sub("-", label).strip("-")[:63]
    return label or "kiosk"


async def enroll(
    state: StateDir,
    server_url: str,
    code: str,
    *,
    version: str,
    hostname: str | None = None,
    machine_id: str | None = None,
) -> Credential:
    """Enrol this PC with the fleet at ``server_url`` and store the credential in ``state``.

    A new credential replaces any old one (a re-imaged or moved PC). The last known config
    is dropped when it belonged to another device record. Raises :class:`EnrollmentError`
    (``enrollment_code_*``, ``invalid_server_url``) or
    :class:`~kiosk.services.errors.FleetUnreachableError`.
    """
    server_url = server_url.strip().rstrip("/")
    if not re.match(r"^https?://[^/\s]+", server_url):
        raise EnrollmentError("invalid_server_url")
    try:
        request = EnrollRequest(
            code=code,
            hostname=kiosk_hostname(hostname),
            machine_id=machine_id or state.machine_id(),
            app_version=version,
        )
    except ValidationError as exc:
        fields = {str(error["loc"][0]) for error in exc.errors() if error["loc"]}
        raise EnrollmentError(
            "enrollment_code_invalid" if "code" in fields else "enrollment_request_invalid"
        ) from exc
    async with DeviceClient(server_url) as client:
        reply = await client.enroll(request)
    credential = Credential(
        server_url=server_url,
        token=reply.token,
        device_id=reply.device_id,
        device_name=reply.device_name,
        branch_id=reply.branch_id,
        enrolled_at=dt.datetime.now(dt.UTC),
    )
    stored = state.load_config()
    if stored is not None and stored.config.device_id != reply.device_id:
        state.clear_config()
    state.save_credential(credential)
    return credential
