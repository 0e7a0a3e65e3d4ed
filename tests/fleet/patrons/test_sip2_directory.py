"""Sip2Directory against a real SIP2 peer (pysip2's ACS), directly and through a relay."""

from __future__ import annotations

import asyncio
import datetime as dt
import ipaddress
import logging
import ssl
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from urllib.parse import quote

import pytest
import pytest_asyncio
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from fleet.patrons.directory import DirectoryUnavailableError, PatronDirectory, PatronFlag
from fleet.patrons.rules import DenyRules, category_of, refusal
from fleet.patrons.sip2 import Sip2Directory, parse_directory_url
from fleet.protocol.sessions import Hold, Loan, LoginRefusal, PatronCategory
from tests.fleet.patrons.sip2_peers import (
    SIP_PASSWORD,
    SIP_USER,
    FakeIls,
    IlsItem,
    IlsPatron,
    Relay,
    nothing_listening,
)

pytestmark = pytest.mark.asyncio

TODAY = dt.date(2025, 6, 2)
CARD = "HEL2000012345"
PIN = "93817264"
BLOCKED = "HEL2000099991"
INDEBTED = "HEL2000099992"
READER = "HEL2000099993"
LOST_STATUS = "    Y         "  # position 4: card reported lost


def url(port: int, **options: object) -> str:
    """The contract URL (percent-encoded password) plus test-friendly options."""
    query = {"location": "oodi", "timeout": 2, "retry_after": 0, **options}
    params = "&".join(f"{key}={value}" for key, value in query.items())
    return f"sip2://{SIP_USER}:{quote(SIP_PASSWORD, safe='')}@127.0.0.1:{port}?{params}"


def directory_for(port: int, **options: object) -> Sip2Directory:
    return Sip2Directory(parse_directory_url(url(port, **options)), today=lambda: TODAY)


@asynccontextmanager
async def started(directory: Sip2Directory) -> AsyncIterator[Sip2Directory]:
    await directory.start()
    try:
        yield directory
    finally:
        await directory.close()


def library() -> FakeIls:
    ils = FakeIls()
    ils.patrons[CARD] = IlsPatron(pin=PIN, name="Virtanen, Aino Maria", language="007")
    ils.patrons[BLOCKED] = IlsPatron(pin=PIN, name="Lost Card", status=LOST_STATUS)
    ils.patrons[INDEBTED] = IlsPatron(pin=PIN, name="Kim Smith", fee="12.50", currency="EUR")
    loans = [f"ITEM-{n:04d}-0123456789ABCDEF" for n in range(60)]
    ils.patrons[READER] = IlsPatron(
        pin=PIN,
        name="Berg, Elsa",
        language="006",
        fee="3,20",
        loans=loans,
        overdue=[loans[1]],
        holds_ready=["HOLD-READY"],
        holds_waiting=["HOLD-WAIT"],
    )
    for n, item_id in enumerate(loans):
        ils.items[item_id] = IlsItem(title=f"Book {n}", due="20250620    235900")
    ils.items["HOLD-READY"] = IlsItem(
        title="Tuntematon sotilas",
        circulation="08",
        pickup_by="20250609    000000",
        location="Oodi",
    )
    ils.items["HOLD-WAIT"] = IlsItem(title="Muumipeikko ja pyrstötähti", circulation="02")
    return ils


@pytest_asyncio.fixture
async def ils() -> AsyncIterator[FakeIls]:
    ils = library()
    await ils.start()
    yield ils
    await ils.stop()


@pytest_asyncio.fixture
async def sip2(ils: FakeIls) -> AsyncIterator[Sip2Directory]:
    async with started(directory_for(ils.port)) as directory:
        yield directory


@pytest_asyncio.fixture
async def relay(ils: FakeIls) -> AsyncIterator[Relay]:
    relay = Relay(ils.port)
    await relay.start()
    yield relay
    await relay.close()


async def test_is_a_patron_directory() -> None:
    directory: PatronDirectory = directory_for(6001)
    assert directory.name == "sip2"
    assert "pa:ss" not in repr(directory)


# -- log-ins ---------------------------------------------------------------------------


async def test_valid_card_and_pin(sip2: Sip2Directory, ils: FakeIls) -> None:
    logins = ils.logins
    record = await sip2.authenticate(CARD, PIN)
    assert record.known
    assert record.pin_ok is True
    assert record.first_name == "Aino"
    assert record.language == "fi"
    assert record.flags == frozenset()
    assert record.fees_cents == 0
    assert not record.card_expired
    assert refusal(record, DenyRules(), TODAY) is None
    # Warm: one round trip, no new connection, no new 93 Login.
    assert ils.requests == ["63"]
    assert ils.logins == logins == 4
    acs = sip2.acs_status
    assert acs is not None
    assert acs.institution_id == "HELMET"
    assert acs.supports("63")
    assert acs.supports("17")
    assert not acs.supports("11")


async def test_wrong_pin(sip2: Sip2Directory) -> None:
    record = await sip2.authenticate(CARD, "0000")
    assert record.known
    assert record.pin_ok is False
    assert refusal(record, DenyRules(), TODAY) is LoginRefusal.PIN_WRONG


async def test_unknown_card(sip2: Sip2Directory) -> None:
    record = await sip2.authenticate("HEL0000000000", PIN)
    assert not record.known
    assert record.pin_ok is False
    assert record.first_name is None
    assert refusal(record, DenyRules(), TODAY) is LoginRefusal.CARD_UNKNOWN


async def test_lookup_checks_no_pin(sip2: Sip2Directory) -> None:
    record = await sip2.lookup(CARD)
    assert record.known
    assert record.pin_ok is None
    assert refusal(record, DenyRules(), TODAY, pin_checked=False) is None
    assert not (await sip2.lookup("HEL0000000000")).known


async def test_unsendable_pin_is_a_wrong_pin(sip2: Sip2Directory, ils: FakeIls) -> None:
    # A '|' would end the AD field and smuggle fields into the request.
    record = await sip2.authenticate(CARD, "12|AD" + PIN)
    assert record.known
    assert record.pin_ok is False
    unknown = await sip2.authenticate("HEL|123", PIN)
    assert not unknown.known
    assert ils.requests == ["63"]  # the card was looked up once, without the PIN


async def test_lost_card_is_blocked(sip2: Sip2Directory) -> None:
    record = await sip2.authenticate(BLOCKED, PIN)
    assert record.flags == frozenset({PatronFlag.CARD_LOST})
    assert refusal(record, DenyRules(), TODAY) is LoginRefusal.CARD_BLOCKED


async def test_fees_over_limit(sip2: Sip2Directory) -> None:
    record = await sip2.authenticate(INDEBTED, PIN)
    assert record.fees_cents == 1250
    assert record.first_name == "Kim"
    assert refusal(record, DenyRules(fee_limit_cents=1000), TODAY) is LoginRefusal.FEES_OVER_LIMIT
    assert refusal(record, DenyRules(fee_limit_cents=1250), TODAY) is None
    assert refusal(record, DenyRules(), TODAY) is None


async def test_birth_date_and_expiry_extension_fields(ils: FakeIls, relay: Relay) -> None:
    # PB and PA as Evergreen and Koha send them (pysip2's models have no such fields).
    relay.extra_fields["64"] = b"PB20150304|PA20250601|"
    async with started(directory_for(relay.port)) as sip2:
        record = await sip2.authenticate(CARD, PIN)
    assert record.birth_date == dt.date(2015, 3, 4)
    assert category_of(record, DenyRules(), TODAY) is PatronCategory.CHILD
    assert refusal(record, DenyRules(min_age=12), TODAY) is LoginRefusal.CARD_EXPIRED
    assert record.card_expired


async def test_unreadable_birth_date_is_a_bad_reply(ils: FakeIls, relay: Relay) -> None:
    relay.extra_fields["64"] = b"PBsoon|"
    async with started(directory_for(relay.port)) as sip2:
        with pytest.raises(DirectoryUnavailableError) as caught:
            await sip2.authenticate(CARD, PIN)
    assert caught.value.detail == "bad_reply"
    assert caught.value.status == 503


async def test_configured_extension_field_names(ils: FakeIls, relay: Relay) -> None:
    relay.extra_fields["64"] = b"PB20150304|XB19800101|XE20990101|PA20000101|"
    options = {"birth_date_field": "XB", "expiry_field": "XE"}
    async with started(directory_for(relay.port, **options)) as sip2:
        record = await sip2.authenticate(CARD, PIN)
    assert record.birth_date == dt.date(1980, 1, 1)
    assert not record.card_expired


# -- account -----------------------------------------------------------------------------


async def test_account_with_loans_and_holds(sip2: Sip2Directory, ils: FakeIls) -> None:
    account = await sip2.account(READER)
    assert account.fees_cents == 320
    assert account.currency == "EUR"
    assert len(account.loans) == 50  # account_items caps the list
    assert account.loans[0] == Loan(title="Book 0", due=dt.date(2025, 6, 20), overdue=False)
    assert account.loans[1].overdue
    assert account.holds == [
        Hold(
            title="Tuntematon sotilas",
            ready=True,
            pickup_location="Oodi",
            pickup_by=dt.date(2025, 6, 9),
        ),
        Hold(title="Muumipeikko ja pyrstötähti", ready=False),
    ]
    # 63 charged, 63 overdue, 63 holds, 63 unavailable holds; 17 for the first 50 items.
    assert ils.requests.count("63") == 4
    assert ils.requests.count("17") == 50


async def test_account_item_cap_and_unknown_items(ils: FakeIls) -> None:
    del ils.items["ITEM-0001-0123456789ABCDEF"]
    async with started(directory_for(ils.port, account_items=4)) as sip2:
        account = await sip2.account(READER)
    # Item details for the 2 holds first, then for 2 loans; the rest show their ids.
    assert [loan.title for loan in account.loans] == [
        "Book 0",
        "ITEM-0001-0123456789ABCDEF",  # the ACS does not know it
        "ITEM-0002-0123456789ABCDEF",  # over the cap of 4 item look-ups
        "ITEM-0003-0123456789ABCDEF",
    ]
    assert [hold.title for hold in account.holds] == [
        "Tuntematon sotilas",
        "Muumipeikko ja pyrstötähti",
    ]
    assert ils.requests.count("17") == 4


async def test_account_without_item_details(ils: FakeIls) -> None:
    async with started(directory_for(ils.port, account_items=0)) as sip2:
        account = await sip2.account(READER)
    assert account.loans == []
    assert account.holds == []
    assert account.fees_cents == 320
    assert ils.requests == ["63"]


async def test_account_of_patron_without_loans(sip2: Sip2Directory, ils: FakeIls) -> None:
    account = await sip2.account(CARD)
    assert account.loans == []
    assert account.holds == []
    assert account.fees_cents == 0
    assert ils.requests == ["63"]
    assert (await sip2.account("HEL0000000000")).loans == []


async def test_account_item_details_left_out_after_account_timeout(ils: FakeIls) -> None:
    async with started(directory_for(ils.port, account_timeout=0.5, account_items=40)) as sip2:
        ils.item_delay = 0.2  # 40 x 17, two at a time: 4 s, far over the half second
        account = await sip2.account(READER)
    assert len(account.loans) == 40
    assert account.holds[0].title == "Tuntematon sotilas"  # looked up first, in time
    assert account.loans[-1].title.startswith("ITEM-")  # never looked up
    assert account.loans[-1].due is None


# -- framing and checksums ----------------------------------------------------------------


async def test_replies_split_across_many_writes(ils: FakeIls, relay: Relay) -> None:
    relay.chunk = 7
    async with started(directory_for(relay.port)) as sip2:
        record = await sip2.authenticate(CARD, PIN)
        writes = relay.writes
        relay.chunk = 64
        account = await sip2.account(READER)
    assert record.pin_ok
    assert record.first_name == "Aino"
    assert writes > 30
    assert len(account.loans) == 50
    assert account.loans[47].title == "Book 47"


async def test_bad_checksum_is_resent_once(ils: FakeIls, relay: Relay) -> None:
    async with started(directory_for(relay.port)) as sip2:
        relay.corrupt_replies = 1
        record = await sip2.authenticate(CARD, PIN)
        assert record.pin_ok
        assert relay.requests[-2:] == ["63", "97"]
        assert ils.requests == ["63"]  # the ACS resent its reply; it did not run 63 twice

        relay.corrupt_replies = 2
        with pytest.raises(DirectoryUnavailableError) as caught:
            await sip2.authenticate(CARD, PIN)
        assert caught.value.detail == "bad_checksum"
        assert (await sip2.authenticate(CARD, PIN)).pin_ok  # on another connection


async def test_acs_asks_for_our_message_again(ils: FakeIls, relay: Relay) -> None:
    async with started(directory_for(relay.port)) as sip2:
        relay.corrupt_requests = 1  # pysip2 answers a bad checksum with 96
        record = await sip2.authenticate(CARD, PIN)
    assert record.pin_ok
    assert relay.requests[-2:] == ["63", "63"]


async def test_wrong_sequence_number_is_a_bad_reply(ils: FakeIls, relay: Relay) -> None:
    async with started(directory_for(relay.port)) as sip2:
        relay.wrong_sequence = 1
        with pytest.raises(DirectoryUnavailableError) as caught:
            await sip2.authenticate(CARD, PIN)
        assert caught.value.detail == "bad_reply"
        assert (await sip2.authenticate(CARD, PIN)).pin_ok


# -- time-outs, cuts, reconnects ----------------------------------------------------------


async def test_slow_acs_times_out_and_the_pool_recovers(ils: FakeIls) -> None:
    async with started(directory_for(ils.port, timeout=0.3, pool=2)) as sip2:
        ils.delay = 1.0
        loop = asyncio.get_running_loop()
        began = loop.time()
        with pytest.raises(DirectoryUnavailableError) as caught:
            await sip2.authenticate(CARD, PIN)
        assert caught.value.detail == "timeout"
        assert loop.time() - began < 0.9  # the reply would have taken 1 s
        assert ils.requests == ["63"]  # never retried after a time-out
        assert sip2.open_connections == 1  # the timed-out connection was dropped
        ils.delay = 0
        assert (await sip2.authenticate(CARD, PIN)).pin_ok
        assert (await sip2.authenticate(CARD, PIN)).pin_ok


async def test_acs_down_at_start(caplog: pytest.LogCaptureFixture) -> None:
    port = await nothing_listening()
    sip2 = directory_for(port, retry_after=30)
    async with started(sip2):
        assert "not available at start (unreachable" in caplog.text
        with pytest.raises(DirectoryUnavailableError) as caught:
            await sip2.authenticate(CARD, PIN)
        assert caught.value.detail == "unreachable"
        ils = library()
        await ils.start(port)
        try:
            # Within retry_after, calls fail fast instead of hammering the ACS.
            with pytest.raises(DirectoryUnavailableError):
                await sip2.lookup(CARD)
            assert ils.logins == 0
        finally:
            await ils.stop()


async def test_connection_cut_mid_reply(ils: FakeIls, relay: Relay) -> None:
    async with started(directory_for(relay.port)) as sip2:
        relay.cut = "64"
        with pytest.raises(DirectoryUnavailableError) as caught:
            await sip2.authenticate(CARD, PIN)
        assert caught.value.detail == "connection_lost"
        assert ils.requests == ["63"]  # the ACS did answer: no retry
        assert (await sip2.authenticate(CARD, PIN)).pin_ok


async def test_stale_connection_is_retried_once_on_a_fresh_one(ils: FakeIls, relay: Relay) -> None:
    async with started(directory_for(relay.port, pool=1)) as sip2:
        assert (await sip2.authenticate(CARD, PIN)).pin_ok
        logins = ils.logins
        relay.swallow = "63"  # the ACS hangs up on the reused connection, reply-less
        assert (await sip2.authenticate(CARD, PIN)).pin_ok
        assert ils.logins == logins + 1
        assert relay.requests.count("63") == 3


async def test_fresh_connection_closed_before_reply_is_not_retried(
    ils: FakeIls, relay: Relay
) -> None:
    sip2 = directory_for(relay.port, pool=1)
    try:
        relay.swallow = "63"  # the first call opens its connection; that one hangs up
        with pytest.raises(DirectoryUnavailableError) as caught:
            await sip2.authenticate(CARD, PIN)
        assert caught.value.detail == "connection_lost"
        assert relay.requests.count("63") == 1
    finally:
        await sip2.close()


async def test_idle_connections_closed_by_the_acs_are_replaced() -> None:
    ils = library()
    ils.server.idle_timeout = 0.1
    await ils.start()
    try:
        async with started(directory_for(ils.port, pool=2)) as sip2:
            await asyncio.sleep(0.3)  # the ACS drops both idle connections
            assert (await sip2.authenticate(CARD, PIN)).pin_ok
            assert ils.logins == 3
    finally:
        await ils.stop()


async def test_reconnects_after_the_acs_restarts(ils: FakeIls) -> None:
    async with started(directory_for(ils.port)) as sip2:
        assert (await sip2.authenticate(CARD, PIN)).pin_ok
        await ils.stop()
        with pytest.raises(DirectoryUnavailableError) as caught:
            await sip2.authenticate(CARD, PIN)
        assert caught.value.detail == "unreachable"
        await ils.start(ils.port)
        assert (await sip2.authenticate(CARD, PIN)).pin_ok
        assert sip2.open_connections == 1


async def test_login_refused(ils: FakeIls, caplog: pytest.LogCaptureFixture) -> None:
    ils.refuse_login = True
    async with started(directory_for(ils.port, retry_after=30)) as sip2:
        assert "login_refused" in caplog.text
        with pytest.raises(DirectoryUnavailableError) as caught:
            await sip2.authenticate(CARD, PIN)
        assert caught.value.detail == "login_refused"
    assert SIP_PASSWORD not in caplog.text


async def test_wrong_location_is_refused(ils: FakeIls) -> None:
    sip2 = Sip2Directory(parse_directory_url(url(ils.port).replace("oodi", "kallio")))
    async with started(sip2):
        with pytest.raises(DirectoryUnavailableError, match="not answering"):
            await sip2.lookup(CARD)


async def test_many_log_ins_share_the_pool(ils: FakeIls) -> None:
    ils.delay = 0.005
    async with started(directory_for(ils.port, pool=4)) as sip2:
        records = await asyncio.gather(*(sip2.authenticate(CARD, PIN) for _ in range(50)))
        assert all(record.pin_ok for record in records)
        assert ils.logins == 4
        assert sip2.open_connections == 4
        assert ils.requests.count("63") == 50


async def test_closed_directory_answers_unavailable(ils: FakeIls) -> None:
    sip2 = directory_for(ils.port)
    await sip2.start()
    await sip2.close()
    with pytest.raises(DirectoryUnavailableError):
        await sip2.authenticate(CARD, PIN)
    await sip2.start()
    try:
        assert (await sip2.authenticate(CARD, PIN)).pin_ok
    finally:
        await sip2.close()


# -- TLS -----------------------------------------------------------------------------------


@pytest.fixture
def certificate(tmp_path: Path) -> tuple[Path, Path]:
    """A self-signed certificate for 127.0.0.1 and its key, as PEM files."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "test ACS")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = tmp_path / "acs.pem", tmp_path / "acs.key"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_path, key_path


@pytest_asyncio.fixture
async def tls_relay(ils: FakeIls, certificate: tuple[Path, Path]) -> AsyncIterator[Relay]:
    """TLS in front of the ACS, the way stunnel is put in front of an ILS."""
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(*certificate)
    relay = Relay(ils.port, tls=context)
    await relay.start()
    yield relay
    await relay.close()


async def test_tls_with_self_signed_certificate(
    tls_relay: Relay, certificate: tuple[Path, Path]
) -> None:
    async with started(directory_for(tls_relay.port, tls=1, tls_verify=0)) as sip2:
        assert (await sip2.authenticate(CARD, PIN)).pin_ok
    pinned = directory_for(tls_relay.port, tls=1, tls_ca=certificate[0])
    async with started(pinned) as sip2:
        assert (await sip2.authenticate(CARD, PIN)).pin_ok
        assert sip2.open_connections == 4


async def test_tls_refuses_an_unknown_certificate(tls_relay: Relay) -> None:
    async with started(directory_for(tls_relay.port, tls=1)) as sip2:
        with pytest.raises(DirectoryUnavailableError) as caught:
            await sip2.authenticate(CARD, PIN)
    assert caught.value.detail == "unreachable"


async def test_plain_client_against_tls_server_fails_cleanly(tls_relay: Relay) -> None:
    async with started(directory_for(tls_relay.port, timeout=0.5)) as sip2:
        with pytest.raises(DirectoryUnavailableError):
            await sip2.authenticate(CARD, PIN)


# -- what is logged -----------------------------------------------------------------------


async def test_no_card_number_or_pin_in_logs_or_errors(
    ils: FakeIls, relay: Relay, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    errors: list[DirectoryUnavailableError] = []
    async with started(directory_for(relay.port, timeout=0.3)) as sip2:
        await sip2.authenticate(CARD, PIN)
        await sip2.authenticate(CARD, PIN[::-1])
        await sip2.account(READER)
        relay.corrupt_replies = 2
        relay.cut = None
        for knob in ("corrupt", "cut", "slow"):
            if knob == "cut":
                relay.cut = "64"
            if knob == "slow":
                ils.delay = 0.5
            try:
                await sip2.authenticate(CARD, PIN)
            except DirectoryUnavailableError as exc:
                errors.append(exc)
            ils.delay = 0
    assert [error.detail for error in errors] == ["bad_checksum", "connection_lost", "timeout"]
    assert "SIP2 63 failed: timeout" in caplog.text
    secrets = (CARD, PIN, PIN[::-1], READER, "Aino", "Virtanen", SIP_PASSWORD)
    texts = [caplog.text]
    texts += [f"{error} {error.details} {error!r}" for error in errors]
    texts += [str(record.args) for record in caplog.records]
    for text in texts:
        for secret in secrets:
            assert secret not in text
