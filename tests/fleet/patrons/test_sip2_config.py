"""``parse_directory_url``: the FLEET_PATRON_DIRECTORY=sip2://... contract and its options."""

from __future__ import annotations

import pytest

from fleet.patrons.directory import PatronDirectory
from fleet.patrons.sip2 import Sip2Config, Sip2Directory, parse_directory_url

SECRET = "Tr0ub4dor&3"


def test_contract_url() -> None:
    config = parse_directory_url(f"sip2://kiosk:{SECRET}@ils.example.org:6001?location=oodi")
    assert config == Sip2Config(
        host="ils.example.org", port=6001, location="oodi", user="kiosk", password=SECRET
    )
    assert config.password == SECRET
    assert not config.tls
    assert (config.timeout, config.pool_size, config.encoding) == (5.0, 4, "cp850")
    assert config.institution is None


def test_all_options() -> None:
    config = parse_directory_url(
        "SIP2://us%40er:p%40ss%3Aw%2Frd%23@[::1]:6443/?location=kallio&tls=1&tls_verify=0"
        "&institution=HELMET&terminal_password=t&timeout=2.5&pool=8&encoding=UTF-8"
        "&account_items=20&account_timeout=30&retry_after=0&birth_date_field=XB"
        "&expiry_field=XE"
    )
    assert (config.user, config.password) == ("us@er", "p@ss:w/rd#")
    assert (config.host, config.port, config.location) == ("::1", 6443, "kallio")
    assert config.tls
    assert not config.tls_verify
    assert config.institution == "HELMET"
    assert config.terminal_password == "t"
    assert (config.timeout, config.pool_size, config.encoding) == (2.5, 8, "utf-8")
    assert (config.account_items, config.account_timeout, config.retry_after) == (20, 30, 0)
    assert (config.birth_date_field, config.expiry_field) == ("XB", "XE")
    assert config.redacted_url() == "sip2://us@er:***@[::1]:6443?location=kallio&tls=1"


def test_repr_never_shows_the_password() -> None:
    config = parse_directory_url(f"sip2://kiosk:{SECRET}@ils:6001?location=oodi&tls=1")
    for text in (repr(config), str(config), repr(Sip2Directory(config)), f"{config}"):
        assert SECRET not in text
        assert "ils:6001" in text


def test_directory_meets_the_protocol() -> None:
    directory: PatronDirectory = Sip2Directory(parse_directory_url("sip2://u:p@h:1?location=x"))
    assert directory.name == "sip2"


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("http://kiosk:PW@ils:6001?location=oodi", "must start with sip2://"),
        ("sip2://kiosk:PW@ils?location=oodi", "port is missing"),
        ("sip2://kiosk:PW@ils:0?location=oodi", "port is missing"),
        ("sip2://kiosk:PW@ils:99999?location=oodi", "port must be a number"),
        ("sip2://kiosk:PW@ils:port?location=oodi", "port must be a number"),
        ("sip2://kiosk:PW@:6001?location=oodi", "host is missing"),
        ("sip2://kiosk:PW@ils:6001", "location is missing"),
        ("sip2://kiosk:PW@ils:6001?location=", "location is missing"),
        ("sip2://kiosk:PW@ils:6001/sip?location=oodi", "no path"),
        ("sip2://kiosk:PW#@ils:6001?location=oodi", "fragment"),
        ("sip2://kiosk:PW%7C@ils:6001?location=oodi", "password must not contain '|'"),
        ("sip2://ki%0Dosk:PW@ils:6001?location=oodi", "user must not contain"),
        ("sip2://:PW@ils:6001?location=oodi", "a password needs a user"),
        ("sip2://kiosk:PW@ils:6001?location=oodi&tsl=1", "unknown parameter 'tsl'"),
        ("sip2://kiosk:PW@ils:6001?location=oodi&location=x", "'location' is given twice"),
        ("sip2://kiosk:PW@ils:6001?location=oodi&tls=maybe", "tls must be 1 or 0"),
        ("sip2://kiosk:PW@ils:6001?location=oodi&tls_verify=0", "need tls=1"),
        ("sip2://kiosk:PW@ils:6001?location=oodi&timeout=0", "timeout must be between"),
        ("sip2://kiosk:PW@ils:6001?location=oodi&timeout=nan", "timeout must be between"),
        ("sip2://kiosk:PW@ils:6001?location=oodi&timeout=soon", "timeout must be a number"),
        ("sip2://kiosk:PW@ils:6001?location=oodi&pool=0", "pool must be between 1 and 64"),
        ("sip2://kiosk:PW@ils:6001?location=oodi&pool=2.5", "pool must be a whole number"),
        ("sip2://kiosk:PW@ils:6001?location=oodi&encoding=klingon", "not a known"),
        ("sip2://kiosk:PW@ils:6001?location=oodi&encoding=utf-16", "ASCII-compatible"),
        ("sip2://kiosk:PW@ils:6001?location=oodi&expiry_field=pa", "two upper-case letters"),
        ("sip2://kiosk:PW@ils:6001?location=oo|di", "location must not contain"),
    ],
)
def test_errors_name_the_problem(url: str, message: str) -> None:
    with pytest.raises(ValueError, match=message) as caught:
        parse_directory_url(url)
    assert "PW" not in str(caught.value)
    assert caught.value.__cause__ is None


@pytest.mark.parametrize(
    "url",
    [
        "sip2://kiosk:1234?location=oodi&5678=@ils:6001",
        "sip2://kiosk:1234?location=oodi&5678@ils:6001",
        "sip2://kiosk:1234?5678@ils:6001?location=oodi",
        "sip2://kiosk:1234/5678@ils:6001?location=oodi",
    ],
)
def test_mangled_password_is_not_echoed(url: str) -> None:
    # An unencoded '?' or '/' in the password ends the host part early; what the parser
    # then takes for a parameter or path is part of the password and must not be shown.
    with pytest.raises(ValueError, match="sip2 URL") as caught:
        parse_directory_url(url)
    assert "5678" not in str(caught.value)
