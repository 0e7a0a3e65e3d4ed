"""Every CLI/service text exists in Finnish, Swedish and English."""

from __future__ import annotations

import pytest

from kiosk.services.messages import MESSAGES, message


@pytest.mark.parametrize("key", sorted(MESSAGES))
def test_each_message_is_translated(key: str) -> None:
    text = MESSAGES[key]
    assert text.fi
    assert text.sv
    assert text.en
    # A copy-pasted English text in the Finnish or Swedish slot is a missing translation.
    assert text.fi != text.en
    assert text.sv != text.en
    assert text.fi != text.sv


def test_placeholders_are_filled_in_every_language() -> None:
    for language in ("fi", "sv", "en"):
        text = message("enrolled", language, device="pc-7", branch="oodi")
        assert "pc-7" in text
        assert "oodi" in text
        assert "{" not in text


def test_unknown_codes_get_the_generic_refusal() -> None:
    assert message("something_new", "sv") == MESSAGES["enrollment_failed"].sv
