"""User-facing texts of the kiosk services (CLI and errors), in Finnish, Swedish and English.

Kept in one place so wording is reviewed together and every text exists in all three languages.
The keys are the fleet's ApiError codes where one exists.
"""

from __future__ import annotations

from fleet.protocol import LocalizedText

MESSAGES: dict[str, LocalizedText] = {
    "enrollment_code_unknown": LocalizedText(
        fi="Rekisteröintikoodia ei tunneta. Tarkista koodi tai pyydä IT-tuelta uusi.",
        sv="Registreringskoden är okänd. Kontrollera koden eller be IT-stödet om en ny.",
        en="The enrolment code is not known. Check the code or ask IT for a new one.",
    ),
    "enrollment_code_expired": LocalizedText(
        fi="Rekisteröintikoodi on vanhentunut. Pyydä IT-tuelta uusi koodi.",
        sv="Registreringskoden har gått ut. Be IT-stödet om en ny kod.",
        en="The enrolment code has expired. Ask IT for a new code.",
    ),
    "enrollment_code_used": LocalizedText(
        fi="Rekisteröintikoodi on jo käytetty. Pyydä IT-tuelta uusi koodi.",
        sv="Registreringskoden har redan använts. Be IT-stödet om en ny kod.",
        en="The enrolment code has already been used. Ask IT for a new code.",
    ),
    "enrollment_code_invalid": LocalizedText(
        fi="Koodi ei ole oikean muotoinen. Kirjoita koodi uudelleen.",
        sv="Koden har fel format. Skriv in koden igen.",
        en="The code is not in the right format. Type the code again.",
    ),
    "invalid_server_url": LocalizedText(
        fi="Palvelimen osoitteen pitää alkaa http:// tai https://.",
        sv="Serverns adress måste börja med http:// eller https://.",
        en="The server address must start with http:// or https://.",
    ),
    "server_unreachable": LocalizedText(
        fi="Palvelimeen ei saada yhteyttä. Tarkista osoite ja verkkoyhteys ja yritä uudelleen.",
        sv="Det går inte att nå servern. Kontrollera adressen och nätverket och försök igen.",
        en="The server cannot be reached. Check the address and the network, then try again.",
    ),
    "enrollment_failed": LocalizedText(
        fi="Palvelin hylkäsi rekisteröinnin. Pyydä apua IT-tuelta.",
        sv="Servern avvisade registreringen. Be IT-stödet om hjälp.",
        en="The server refused the enrolment. Ask IT for help.",
    ),
    "enrolled": LocalizedText(
        fi="Laite {device} on rekisteröity toimipisteeseen {branch}.",
        sv="Enheten {device} är registrerad till verksamhetsstället {branch}.",
        en="Device {device} is enrolled at branch {branch}.",
    ),
    "not_registered": LocalizedText(
        fi="Tätä laitetta ei ole rekisteröity. Ota yhteys IT-tukeen.",
        sv="Den här enheten är inte registrerad. Kontakta IT-stödet.",
        en="This device is not registered. Contact IT.",
    ),
    "state_unusable": LocalizedText(
        fi="Laitteen tilahakemistoa ei voi käyttää: {path}",
        sv="Enhetens tillståndskatalog kan inte användas: {path}",
        en="The kiosk's state directory cannot be used: {path}",
    ),
}


def message(key: str, language: str = "en", **values: object) -> str:
    """The text for ``key`` in ``language``; unknown keys fall back to the generic refusal."""
    text = MESSAGES.get(key, MESSAGES["enrollment_failed"]).get(language)
    return text.format(**values) if values else text
