"""The nfcpy card reader: USB and serial NFC readers (and nfcpy's UDP simulator) as a CardReader."""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import errno
import logging
import queue
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import nfc
import nfc.clf
import nfc.tag
import nfc.tag.tt4

from hardware.errors import CardReaderError, CardRemovedError
from hardware.health import HealthDetail, PeripheralHealth
from hardware.reader import CardKind, CardRead

log = logging.getLogger(__name__)

#: What is polled: Type A at 106 kbit/s (phones' card apps, MIFARE, Type 2 and 4 tags) and
#: FeliCa at 212 kbit/s (Type 3). Every polled technology costs a probe per round (a full
#: second per silent technology on nfcpy's UDP simulator, milliseconds on a real reader);
#: 106B is left out: neither phones nor library tags need it.
DEFAULT_TARGETS = ("106A", "212F")

# Health details this adapter reports besides hardware.health.HealthDetail's.
NOT_STARTED = "not_started"
DISCONNECTED = "disconnected"  # it worked, then went away (unplugged)
BUSY = "busy"  # another process holds it (often pcscd)
NO_PERMISSION = "no_permission"  # the kiosk's user may not open it (udev rule missing)
LIBUSB_MISSING = "libusb_missing"  # apt-get install libusb-1.0-0
OPEN_FAILED = "open_failed"
FAILED = "reader_error"  # a bug or an error nfcpy did not expect
UNSUPPORTED_TARGETS = "unsupported_targets"  # the device polls none of the technologies
# Details of the errors an exchange raises besides CardRemovedError's "card_removed".
CARD_TIMEOUT = "card_timeout"
CARD_ERROR = "card_error"  # the card broke the ISO-DEP protocol

_S_DESELECT = b"\xc2"
# While a card lies on the reader with nothing to say, it is checked this often.
_PRESENCE_INTERVAL = 0.2
# An exchange waits this much longer than its timeout for the nfc thread's answer, which
# ends at the timeout plus one presence check (telling "gone" from "slow").
_EXCHANGE_GRACE = 0.5
_START_WAIT = 5.0
_STOP_WAIT = 5.0
_READS_KEPT = 8


_NFCPY_LOG = logging.getLogger("nfc.clf")


class _ThisThreadMuted(logging.Filter):
    """Drops the records the creating thread logs (another thread's records pass)."""

    def __init__(self) -> None:
        super().__init__()
        self._thread = threading.get_ident()

    def filter(self, record: logging.LogRecord) -> bool:
        return record.thread != self._thread


class _Frontend(nfc.ContactlessFrontend):  # type: ignore[misc]  # nfcpy has no type hints
    """nfcpy's frontend with a deadline for card exchanges and a stop check between probes."""

    def __init__(self, stopping: threading.Event, poll_interval: float) -> None:
        super().__init__()
        self._stopping = stopping
        self._poll_interval = poll_interval
        #: While set, every frame must be answered before it (time.monotonic()).
        self.deadline: float | None = None
        self.targets_unsupported = False

    def exchange(self, send_data: Any, timeout: float | None) -> Any:
        # Card exchanges retry silent frames and follow the card's waiting-time extensions
        # without limit; the deadline bounds them all, and stop() ends them.
        deadline = self.deadline
        if deadline is not None:
            remaining = deadline - time.monotonic()
            if remaining <= 0 or self._stopping.is_set():
                raise nfc.clf.TimeoutError("no time left for this exchange")
            timeout = remaining if timeout is None else min(timeout, remaining)
        return super().exchange(send_data, timeout)

    def sense(self, *targets: Any, **options: Any) -> Any:
        # nfcpy consults ``terminate`` only between polling rounds: probing one technology at a
        # time lets stop() in between, and the pause paces polling on real readers.
        started = time.monotonic()
        unsupported = 0
        for target in targets:
            if self._stopping.is_set():
                return None
            try:
                found = super().sense(target, iterations=1)
            except nfc.clf.UnsupportedTargetError:
                unsupported += 1
                continue
            if found is not None:
                return found
        if targets and unsupported == len(targets):
            self.targets_unsupported = True
            raise nfc.clf.UnsupportedTargetError("the device polls none of the targets")
        self._stopping.wait(max(0.0, self._poll_interval - (time.monotonic() - started)))
        return None


def _worth_activating(target: Any) -> bool:
    """Whether to activate a discovered target: cards and tags, not peer-to-peer devices.

    nfcpy's default also skips Type A targets that offer NFC-DEP beside ISO-DEP (SEL_RES 0x60),
    which phones with Android Beam did; those are cards to us.
    """
    sel_res = target.sel_res
    if sel_res:
        return bool(sel_res[0] & 0x20 or not sel_res[0] & 0x40)
    sensf_res = target.sensf_res
    return not (sensf_res and bytes(sensf_res[1:3]) == b"\x01\xfe")


@dataclass(frozen=True, slots=True)
class _Ending:
    """Why a card's conversation ended: what every later exchange raises."""

    error: type[CardReaderError]
    message: str
    detail: str | None = None

    def exception(self) -> CardReaderError:
        return self.error(self.message, detail=self.detail)


_LEFT = _Ending(CardRemovedError, "the card has left the reader")
_RELEASED = _Ending(CardRemovedError, "the card was released")
_STOPPED = _Ending(CardRemovedError, "the reader was stopped")
_TIMED_OUT = _Ending(CardReaderError, "the card did not answer in time", CARD_TIMEOUT)
_BROKE_PROTOCOL = _Ending(CardReaderError, "the card broke the ISO-DEP protocol", CARD_ERROR)
_READER_LOST = _Ending(CardReaderError, "the reader stopped working", DISCONNECTED)


@dataclass(frozen=True, slots=True)
class _Request:
    apdu: bytes
    timeout: float
    future: concurrent.futures.Future[bytes]


class IsoDepSession:
    """A presented ISO-DEP card's ``exchange``: APDUs go to the nfc thread that owns the card.

    Works until the card leaves the field, the reader is stopped, or ``close()`` (through
    :meth:`NfcpyReader.release`) ends it; then every exchange raises that reason.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._requests: queue.SimpleQueue[_Request | None] = queue.SimpleQueue()
        self._ending: _Ending | None = None

    @property
    def ended(self) -> bool:
        return self._ending is not None

    async def __call__(self, apdu: bytes, timeout: float) -> bytes:
        if timeout < 0:
            raise ValueError("timeout must not be negative")
        future: concurrent.futures.Future[bytes] = concurrent.futures.Future()
        with self._lock:
            # Checked and queued under the lock the nfc thread ends the session with, so no
            # request is left behind unanswered.
            if self._ending is not None:
                raise self._ending.exception()
            self._requests.put(_Request(bytes(apdu), timeout, future))
        try:
            async with asyncio.timeout(timeout + _EXCHANGE_GRACE):
                return await asyncio.wrap_future(future)
        except TimeoutError:
            # The nfc thread should have answered by now; the conversation cannot be trusted.
            self.end(_TIMED_OUT)
            raise _TIMED_OUT.exception() from None

    def close(self) -> None:
        """End the conversation: the nfc thread deselects the card (thread-safe, idempotent)."""
        with self._lock:
            if self._ending is None:
                self._requests.put(None)

    # --- the nfc thread's side ----------------------------------------------------------------

    def next_request(self, timeout: float) -> _Request | None:
        """The next request; None once closed. Raises :class:`queue.Empty` after ``timeout``."""
        return self._requests.get(timeout=timeout)

    def end(self, ending: _Ending) -> None:
        """Refuse every later exchange with ``ending``'s error, and fail the waiting ones."""
        with self._lock:
            if self._ending is None:
                self._ending = ending
            while True:
                try:
                    request = self._requests.get_nowait()
                except queue.Empty:
                    break
                if request is not None and request.future.set_running_or_notify_cancel():
                    request.future.set_exception(self._ending.exception())


class NfcpyReader:
    """A card reader nfcpy drives: ``usb``, ``usb:072f:2200``, ``tty:USB0:pn532``, ``udp:H:PORT``.

    One daemon thread owns the device and runs nfcpy's polling loop; results reach the event
    loop through ``call_soon_threadsafe``. A missing or unplugged reader shows in ``health``
    and is opened again every ``retry_interval`` seconds. ``targets`` are the technologies
    polled (see :data:`DEFAULT_TARGETS`); ``poll_interval`` is the shortest polling round.

    An ISO-DEP card (phone) yields a :class:`CardRead` whose ``exchange`` is an
    :class:`IsoDepSession`: the nfc thread keeps the card selected, checks several times a
    second that it is still there, and runs each APDU with ``Type4Tag.transceive`` within the
    exchange's timeout. Any other tag yields its identifier only. A card is read once per
    presentation; ``release(card)`` deselects a phone when the kiosk is done with it.
    """

    def __init__(
        self,
        path: str,
        *,
        targets: Sequence[str] = DEFAULT_TARGETS,
        retry_interval: float = 3.0,
        poll_interval: float = 0.2,
    ) -> None:
        if not path.strip():
            raise ValueError("an nfcpy device path is needed (usb, tty:USB0:pn532, udp:...)")
        if not targets:
            raise ValueError("poll at least one technology")
        self.path = path.strip()
        self.targets = tuple(targets)
        self.retry_interval = retry_interval
        self.poll_interval = poll_interval
        self._health = PeripheralHealth.absent(NOT_STARTED)
        self._thread: threading.Thread | None = None
        self._stopping = threading.Event()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._reads: asyncio.Queue[CardRead] | None = None
        self._stopped: asyncio.Future[None] | None = None
        self._was_open = False
        self._retrying = False

    def __repr__(self) -> str:
        return f"NfcpyReader({self.path!r})"

    # --- the CardReader protocol (event-loop side) --------------------------------------------

    async def start(self) -> None:
        if self._thread is not None:
            return
        loop = asyncio.get_running_loop()
        self._loop = loop
        self._stopping = threading.Event()
        self._reads = asyncio.Queue()
        opened: asyncio.Future[None] = loop.create_future()
        self._stopped = loop.create_future()
        self._thread = threading.Thread(
            target=self._run, args=(opened, self._stopped), name="nfcpy-reader", daemon=True
        )
        self._thread.start()
        try:
            async with asyncio.timeout(_START_WAIT):
                await opened
        except TimeoutError:
            log.warning("NFC reader %s: opening takes long, going on in the background", self.path)

    async def stop(self) -> None:
        thread, self._thread = self._thread, None
        if thread is None:
            return
        self._stopping.set()
        if self._stopped is not None:
            try:
                async with asyncio.timeout(_STOP_WAIT):
                    await asyncio.shield(self._stopped)
            except TimeoutError:
                log.warning("NFC reader %s: the nfc thread did not end in time", self.path)
        # The thread has resolved ``stopped`` as its very last step: this join is immediate.
        thread.join(timeout=0.5)
        self._reads = None
        self._health = PeripheralHealth.absent(NOT_STARTED)

    async def read(self, timeout: float) -> CardRead | None:
        if timeout < 0:
            raise ValueError("timeout must not be negative")
        reads = self._reads
        if reads is None:
            raise RuntimeError("the card reader is used before start()")
        health = self._health
        if not health.usable:
            raise CardReaderError(
                f"the NFC reader cannot read: {health.detail}", detail=health.detail
            )
        try:
            # A card already waiting is returned even with a zero timeout.
            return reads.get_nowait()
        except asyncio.QueueEmpty:
            pass
        try:
            async with asyncio.timeout(timeout):
                return await reads.get()
        except TimeoutError:
            return None

    async def health(self) -> PeripheralHealth:
        return self._health

    def release(self, card: CardRead) -> None:
        """Done with ``card``: a phone is deselected (its app sees the end) and later exchanges
        raise :class:`CardRemovedError`. It is not read again until presented anew. Optional:
        without it, the conversation lasts until the card leaves the field.
        """
        if isinstance(card.exchange, IsoDepSession):
            card.exchange.close()

    # --- the nfc thread -----------------------------------------------------------------------

    def _run(self, opened: asyncio.Future[None], stopped: asyncio.Future[None]) -> None:
        frontend: _Frontend | None = None
        try:
            while not self._stopping.is_set():
                if frontend is None:
                    frontend = self._open()
                    self._resolve(opened)
                    if frontend is None:
                        self._stopping.wait(self.retry_interval)
                        continue
                if not self._poll(frontend):
                    frontend.close()
                    frontend = None
        except BaseException:
            log.exception("NFC reader %s: the nfc thread failed", self.path)
            self._set_health(PeripheralHealth.error(FAILED))
        finally:
            if frontend is not None:
                frontend.close()
            self._resolve(opened)
            self._resolve(stopped)

    def _open(self) -> _Frontend | None:
        frontend = _Frontend(self._stopping, self.poll_interval)
        # nfcpy logs every attempt (INFO, and ERROR when nothing is found); after the first,
        # the health changes this adapter logs say all there is.
        quiet = _ThisThreadMuted() if self._retrying else None
        if quiet is not None:
            _NFCPY_LOG.addFilter(quiet)
        try:
            found = frontend.open(self.path)
        except Exception as error:
            self._retrying = True
            self._set_health(PeripheralHealth.error(_open_failure(error)), because=error)
            return None
        finally:
            if quiet is not None:
                _NFCPY_LOG.removeFilter(quiet)
        self._retrying = not found
        if not found:
            self._set_health(
                PeripheralHealth.error(DISCONNECTED)
                if self._was_open
                else PeripheralHealth.absent(HealthDetail.NOT_FOUND)
            )
            return None
        self._was_open = True
        self._set_health(PeripheralHealth.ok())
        return frontend

    def _poll(self, frontend: _Frontend) -> bool:
        """One round of nfcpy's connect loop; False when the device has to be opened again."""
        options = {
            "targets": list(self.targets),
            "on-discover": _worth_activating,
            "on-connect": self._on_connect,
            "on-release": lambda tag: True,
            "iterations": 1,
            # The reader's own beep would come when the card leaves, after the conversation.
            "beep-on-connect": False,
        }
        try:
            result = frontend.connect(rdwr=options, terminate=self._stopping.is_set)
        except Exception:
            log.exception("NFC reader %s: polling failed", self.path)
            result = False
        if result is not False or self._stopping.is_set():
            return True
        if frontend.targets_unsupported:
            frontend.targets_unsupported = False
            self._set_health(PeripheralHealth.error(UNSUPPORTED_TARGETS))
            self._stopping.wait(self.retry_interval)
            return True
        # nfcpy returns False after an I/O error: the device has gone.
        self._set_health(PeripheralHealth.error(DISCONNECTED))
        return False

    def _on_connect(self, tag: Any) -> bool:
        # True: nfcpy then waits until the card has left before it polls again, so a card
        # lying on the reader is read once.
        try:
            technology = str(tag.target.brty)
            uid = bytes(tag.identifier)
            if isinstance(tag, nfc.tag.tt4.Type4Tag):
                session = IsoDepSession()
                self._deliver(CardRead(CardKind.ISO_DEP, uid, technology, exchange=session))
                self._converse(tag, session)
            else:
                self._deliver(CardRead(CardKind.NFC_UID, uid, technology))
        except OSError:
            raise  # the device failed: nfcpy's connect returns False, and it is reopened
        except Exception:
            log.exception("NFC reader %s: handling a card failed", self.path)
        return True

    def _converse(self, tag: Any, session: IsoDepSession) -> None:
        """Serve the session's APDUs until the card leaves, the session closes or stop()."""
        ending = _LEFT
        try:
            while True:
                if self._stopping.is_set():
                    ending = _STOPPED
                    break
                try:
                    request = session.next_request(timeout=_PRESENCE_INTERVAL)
                except queue.Empty:
                    if session.ended or not self._present(tag):
                        break
                    continue
                if request is None:
                    ending = _RELEASED
                    self._deselect(tag)
                    break
                if not request.future.set_running_or_notify_cancel():
                    continue  # the caller gave up waiting before its turn
                try:
                    request.future.set_result(self._transceive(tag, request))
                except _ExchangeEndedError as failure:
                    ending = failure.ending
                except OSError:
                    ending = _READER_LOST
                    raise
                except Exception:
                    log.exception("NFC reader %s: an exchange failed unexpectedly", self.path)
                    ending = _BROKE_PROTOCOL
                else:
                    continue
                finally:
                    if not request.future.done():
                        request.future.set_exception(ending.exception())
                break
        except OSError:
            ending = _READER_LOST  # the device failed (unplugged): nfcpy opens it again
            raise
        finally:
            session.end(ending)

    def _transceive(self, tag: Any, request: _Request) -> bytes:
        frontend: _Frontend = tag.clf
        deadline = time.monotonic() + request.timeout
        frontend.deadline = deadline
        try:
            # No timeout argument: nfcpy waits per frame as long as the card's ATS allows
            # (so a card that left is noticed quickly) and the deadline bounds the whole.
            data = tag.transceive(bytearray(request.apdu))
        except (nfc.tag.TagCommandError, nfc.clf.CommunicationError) as error:
            frontend.deadline = None
            if self._stopping.is_set():
                raise _ExchangeEndedError(_STOPPED) from None
            if not self._present(tag):
                raise _ExchangeEndedError(_LEFT) from None
            timed_out = time.monotonic() >= deadline or (
                isinstance(error, nfc.tag.TagCommandError) and error.errno == nfc.tag.TIMEOUT_ERROR
            )
            raise _ExchangeEndedError(_TIMED_OUT if timed_out else _BROKE_PROTOCOL) from None
        finally:
            frontend.deadline = None
        if data is None:
            raise _ExchangeEndedError(_BROKE_PROTOCOL)
        return bytes(data)

    def _present(self, tag: Any) -> bool:
        try:
            return bool(tag.is_present)
        except (nfc.tag.TagCommandError, nfc.clf.CommunicationError):
            return False

    def _deselect(self, tag: Any) -> None:
        # A card that does not answer is deselected as well as one that does.
        with contextlib.suppress(nfc.clf.CommunicationError):
            tag.clf.exchange(bytearray(_S_DESELECT), 0.1)

    def _deliver(self, card: CardRead) -> None:
        loop = self._loop
        if loop is None:
            return
        # RuntimeError: the event loop has closed, nobody is reading.
        with contextlib.suppress(RuntimeError):
            loop.call_soon_threadsafe(self._enqueue, card)

    def _enqueue(self, card: CardRead) -> None:
        reads = self._reads
        if reads is None:
            return
        if reads.qsize() >= _READS_KEPT:
            reads.get_nowait()  # nobody has read for a while: the oldest tap is stale
        reads.put_nowait(card)

    def _set_health(self, health: PeripheralHealth, because: Exception | None = None) -> None:
        # Changes only: a reader left unplugged is retried all day long.
        if health != self._health:
            if health.usable:
                log.info("NFC reader %s: ready", self.path)
            elif because is None:
                log.warning("NFC reader %s: %s (%s)", self.path, health.status, health.detail)
            else:
                log.warning(
                    "NFC reader %s: %s (%s): %s", self.path, health.status, health.detail, because
                )
        self._health = health

    def _resolve(self, future: asyncio.Future[None]) -> None:
        loop = self._loop
        if loop is None:
            return

        def resolve() -> None:
            if not future.done():
                future.set_result(None)

        with contextlib.suppress(RuntimeError):
            loop.call_soon_threadsafe(resolve)


class _ExchangeEndedError(Exception):
    """Raised on the nfc thread when an exchange ends the card's conversation."""

    def __init__(self, ending: _Ending) -> None:
        super().__init__(ending.message)
        self.ending = ending


def _open_failure(error: Exception) -> str:
    """The health detail for an exception nfcpy raised while opening a device."""
    if "libusb" in str(error):
        return LIBUSB_MISSING
    number = getattr(error, "errno", None)
    if number in (errno.EACCES, errno.EPERM):
        return NO_PERMISSION
    if number == errno.EBUSY:
        return BUSY
    return OPEN_FAILED
