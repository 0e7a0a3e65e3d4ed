"""Cards played through nfcpy's card side: a phone's ISO-DEP (Type 4A) card, or a UID-only tag."""

from __future__ import annotations

import concurrent.futures
import contextlib
import errno
import logging
import math
import os
import random
import threading
import time
from collections.abc import Callable
from typing import Any

import nfc
import nfc.clf
import nfc.tag.tt3

log = logging.getLogger(__name__)

#: Plays the card application: takes a command APDU, returns the response APDU (status word
#: included). It runs on a thread of its own and may block: the card asks the reader for more
#: time (S(WTX)) meanwhile, as a phone does.
CardApplication = Callable[[bytes], bytes]

#: What the card answers when its application raised: "no precise diagnosis".
SW_UNKNOWN_ERROR = b"\x6f\x00"

#: ISO/IEC 14443-4 frame sizes by FSDI/FSCI (a frame counts PCB, INF and the 2-byte CRC).
_FRAME_SIZES = (16, 24, 32, 40, 48, 64, 96, 128, 256)
_RATS = 0xE0
_SEL_RES_ISO_DEP = 0x20
_SEL_RES_NFC_DEP = 0x40
#: Frames that mean the reader has started over with a fresh activation (REQA, WUPA, RATS).
_RESTART = frozenset({0x26, 0x52, _RATS})
#: The longest one blocking nfcpy call waits, so stop() and remove() take effect promptly.
_SLICE = 0.1
#: A reader silent for this long has lost the card (readers presence-check several times a
#: second).
_READER_SILENCE = 1.0
_TYPE2_READ = 0x30
_TYPE2_HALT = 0x50
_TYPE2_NAK = b"\x00"


class _ReaderLeftError(Exception):
    """The reader switched its field off (nfcpy: BrokenLinkError)."""


def _random_phone_uid() -> bytes:
    # A phone sends a fresh random 4-byte NFCID1 (first byte 0x08: "random ID") on every tap.
    return b"\x08" + os.urandom(3)


def _open(path: str) -> Any:
    clf = nfc.ContactlessFrontend()
    if not clf.open(path):
        raise OSError(errno.ENODEV, f"no NFC device on {path!r}")
    return clf


def _leave_field(clf: Any) -> None:
    """Stop answering: whatever the reader still sends for this card goes unheard."""
    device = clf.device
    if device is not None:
        device.mute()


def _listen(clf: Any, target: Any, until: float, stop: threading.Event) -> Any:
    """One listen() of well under a second, ending about ``until``.

    Listening in short windows lets stop() take effect; each window re-binds the UDP port, and
    a reader frame arriving in between is lost (the reader polls again a second later). The
    windows' lengths vary so they cannot fall into step with the reader's polling and keep
    cutting its anticollision short (nfcpy's UDP driver waits at least 0.5 s per window).
    """
    started = time.monotonic()
    activated = clf.listen(target, min(until - started, random.uniform(0.5, 0.8)))
    if activated is None and time.monotonic() - started < _SLICE:
        # nfcpy gives up at once when it cannot bind the port (taken): do not spin.
        stop.wait(_SLICE)
    return activated


def _sens_res(uid: bytes) -> bytes:
    # SENS_RES (ATQA) as sent: UID size in bits 7-6 of the first byte, bit-frame anticollision.
    size = {4: 0x00, 7: 0x40, 10: 0x80}[len(uid)]
    return bytes([size | 0x04, 0x00])


class NfcpyCardEmulator:
    """An ISO/IEC 14443-4 Type 4A card, as a phone's card app presents itself, played by nfcpy.

    ``run`` listens as a 106A target (SEL_RES 0x20), answers RATS with an ATS, then speaks the
    ISO-DEP block protocol: block numbers, chaining both ways, R(ACK)/R(NAK), S(DESELECT), and
    S(WTX) while ``handler`` works. Each reassembled command APDU goes to ``handler``; its
    response is chained in frames as large as the reader's RATS allows.

    A tap ends when the reader deselects the card, when ``remove`` is called, when the reader
    has been silent for a second, or ``hold`` seconds after the last response (the visitor lifts
    the phone). The card then stays out of the field for ``gap`` seconds so the reader notices.
    Without ``uid`` each tap sends a fresh random 4-byte UID starting 0x08, as phones do.

    ``fwi`` sets the frame waiting time the card announces (4096/13.56 MHz * 2**fwi: 10 gives
    0.31 s, generous for a simulator on a busy machine; phones announce about 7 or 8).
    ``fsci`` sets the largest frame the card accepts (8: 256 bytes; smaller makes the reader
    chain its commands). ``sel_res`` 0x60 adds the NFC-DEP bit, as phones with Android Beam did.
    """

    def __init__(
        self,
        path: str,
        handler: CardApplication,
        *,
        uid: bytes | None = None,
        fwi: int = 10,
        fsci: int = 8,
        hold: float = 1.0,
        gap: float = 0.5,
        sel_res: int = _SEL_RES_ISO_DEP,
        historical_bytes: bytes = b"",
    ) -> None:
        if uid is not None and len(uid) not in (4, 7, 10):
            raise ValueError("a Type A UID has 4, 7 or 10 bytes")
        if not 0 <= fwi <= 14:
            raise ValueError("fwi must be 0..14")
        if not 0 <= fsci <= 8:
            raise ValueError("fsci must be 0..8")
        if sel_res not in (_SEL_RES_ISO_DEP, _SEL_RES_ISO_DEP | _SEL_RES_NFC_DEP):
            raise ValueError("sel_res must be 0x20 (ISO-DEP) or 0x60 (ISO-DEP and NFC-DEP)")
        if len(historical_bytes) > 15:
            raise ValueError("at most 15 historical bytes fit in the ATS")
        self.path = path
        self.handler = handler
        self.uid = uid
        self.fwi = fwi
        self.fsci = fsci
        self.hold = hold
        self.gap = gap
        self.sel_res = sel_res
        self.historical_bytes = bytes(historical_bytes)
        self._stopping = threading.Event()
        self._removed = threading.Event()

    @property
    def fwt(self) -> float:
        """The frame waiting time the card announces, in seconds."""
        return 4096 / 13.56e6 * float(2**self.fwi)

    @property
    def ats(self) -> bytes:
        """The answer to RATS: TA, TB and TC present; TC says CID is supported, NAD is not."""
        body = bytes([0x70 | self.fsci, 0x80, self.fwi << 4, 0x02]) + self.historical_bytes
        return bytes([len(body) + 1]) + body

    @property
    def stopping(self) -> bool:
        return self._stopping.is_set()

    @property
    def removed(self) -> bool:
        return self._removed.is_set()

    def run(self, taps: int = 1, timeout: float = 10.0) -> int:
        """Play up to ``taps`` taps within ``timeout`` seconds (blocking); the number completed.

        A tap counts once the reader has answered the ATS with a block, i.e. activated the
        card. Raises :class:`OSError` when the device cannot be opened.
        """
        clf = _open(self.path)
        deadline = time.monotonic() + timeout
        completed = 0
        try:
            while completed < taps and not self._stopping.is_set():
                self._removed.clear()
                rats = self._await_activation(clf, deadline)
                if rats is None:
                    break
                if _IsoDepTap(self, clf, rats).run():
                    completed += 1
                _leave_field(clf)
                if completed < taps:
                    self._stopping.wait(self.gap)
        finally:
            clf.close()
        return completed

    def remove(self) -> None:
        """Take the card out of the field now (from any thread): it answers nothing more."""
        self._removed.set()

    def stop(self) -> None:
        """End ``run`` promptly (from any thread)."""
        self._stopping.set()

    def _await_activation(self, clf: Any, deadline: float) -> bytes | None:
        """Listen until a reader selects the card and sends RATS; the RATS, or None."""
        uid = self.uid if self.uid is not None else _random_phone_uid()
        target = nfc.clf.LocalTarget("106A")
        target.sens_res = _sens_res(uid)
        target.sdd_res = uid
        target.sel_res = bytes([self.sel_res])
        while not self._stopping.is_set() and time.monotonic() < deadline:
            activated = _listen(clf, target, deadline, self._stopping)
            rats = None if activated is None else activated.tt4_cmd
            if rats is not None and len(rats) == 2 and rats[0] == _RATS:
                return bytes(rats)
            # Anything else is a frame meant for a card that has left (nfcpy's UDP driver hands
            # it over as an activation): the reader will find that card gone and poll afresh.
        return None


class _IsoDepTap:
    """One activation of the card: the ISO/IEC 14443-4 block protocol, card side."""

    def __init__(self, card: NfcpyCardEmulator, clf: Any, rats: bytes) -> None:
        self.card = card
        self.clf = clf
        self.frame_size = _FRAME_SIZES[min(rats[1] >> 4, 8)]
        self.block_number = 1  # rule C: the card's block number starts at 1
        self.cid: int | None = None  # the CID the reader puts in its blocks, echoed back
        self.last_block: bytes | None = None
        self.command = bytearray()  # a command the reader is still chaining
        self.pending = b""  # the rest of a response being chained
        self.work: concurrent.futures.Future[bytes] | None = None
        self.reply_due: float | None = None  # set while the reader waits for the application
        self.wtxm = max(1, min(59, math.ceil(0.5 / card.fwt)))
        self.activated = False
        self.over = False
        now = time.monotonic()
        self.last_heard = now
        self.quiet_since = now

    def run(self) -> bool:
        """Converse until the tap ends; whether the reader activated the card."""
        send: bytes | None = self.card.ats
        while not (self.card.stopping or self.card.removed):
            if self.reply_due is not None:
                send = self._await_application()
                if send is None:
                    continue
            try:
                frame = self._exchange(send, _SLICE)
            except _ReaderLeftError:
                break
            send = None
            if self.card.removed:
                break
            now = time.monotonic()
            if frame is None:
                if now - self.last_heard > _READER_SILENCE:
                    log.debug("the reader went silent")
                    break
                if self._idle() and now - self.quiet_since > self.card.hold:
                    break
                continue
            self.last_heard = now
            send = self._receive(frame)
            if self.over:
                if send is not None:
                    self._send_last(send)
                break
        return self.activated

    def _idle(self) -> bool:
        return self.reply_due is None and (self.work is None or self.work.done())

    def _exchange(self, send: bytes | None, timeout: float) -> bytes | None:
        """Send ``send`` (if any) and wait for the reader's next frame (None: nothing came)."""
        try:
            frame = self.clf.exchange(None if send is None else bytearray(send), timeout)
        except nfc.clf.BrokenLinkError:
            raise _ReaderLeftError from None
        except nfc.clf.CommunicationError:
            return None
        return bytes(frame) if frame else None

    def _send_last(self, block: bytes) -> None:
        # A zero timeout sends without waiting for an answer.
        with contextlib.suppress(nfc.clf.CommunicationError):
            self.clf.exchange(bytearray(block), 0)

    def _block(self, pcb: int, inf: bytes = b"") -> bytes:
        if self.cid is None:
            return bytes([pcb]) + inf
        return bytes([pcb | 0x08, self.cid]) + inf

    def _remember(self, block: bytes) -> bytes:
        self.last_block = block
        return block

    def _receive(self, frame: bytes) -> bytes | None:
        """The block answering ``frame`` (None: stay silent)."""
        pcb = frame[0]
        if pcb & 0xE2 == 0x02:
            kind = "I"
        elif pcb & 0xE6 == 0xA2:
            kind = "R"
        elif pcb & 0xC7 == 0xC2:
            kind = "S"
        else:
            # The reader started over (it lost us and polls again), or sent noise.
            self.over = pcb in _RESTART
            return None
        inf_at = 1
        if pcb & 0x08:
            if len(frame) < 2:
                return None
            self.cid = frame[1]
            inf_at = 2
        if kind == "I" and pcb & 0x04:
            inf_at += 1  # a NAD, which this card does not use
        self.activated = True
        if kind == "I":
            return self._receive_information(pcb, frame[inf_at:])
        if kind == "R":
            return self._receive_ready(pcb)
        return self._receive_supervisory(pcb)

    def _receive_information(self, pcb: int, inf: bytes) -> bytes | None:
        if self.work is not None and not self.work.done():
            return None  # the reader should be waiting for our answer: ignore the block
        self.block_number ^= 1  # rule D
        self.command += inf
        if pcb & 0x10:
            return self._remember(self._block(0xA2 | self.block_number))  # R(ACK): go on
        apdu = bytes(self.command)
        self.command.clear()
        self.work = self._start_application(apdu)
        self.reply_due = time.monotonic() + self.card.fwt / 2
        return None

    def _receive_ready(self, pcb: int) -> bytes | None:
        if pcb & 0x01 == self.block_number:
            # Rule 11: the reader missed our last block.
            return self.last_block or self._block(0xA2 | self.block_number)
        if pcb & 0x10:
            return self._block(0xA2 | self.block_number)  # rule 12: R(NAK) -> R(ACK)
        if self.pending:
            self.block_number ^= 1  # rule E, then rule 13: go on chaining
            return self._next_response_block()
        return None

    def _receive_supervisory(self, pcb: int) -> bytes | None:
        if pcb & 0x30 == 0x00:  # S(DESELECT): answer, then the tap is over
            self.over = True
            return self._block(0xC2)
        if pcb & 0x30 == 0x30 and self.work is not None and not self.work.done():
            # The reader granted more time: answer, or ask again, before it runs out.
            self.reply_due = time.monotonic() + self.wtxm * self.card.fwt / 2
        elif pcb & 0x30 == 0x30 and self.work is not None:
            self.reply_due = time.monotonic()  # the answer is ready: send it now
        return None

    def _start_application(self, apdu: bytes) -> concurrent.futures.Future[bytes]:
        future: concurrent.futures.Future[bytes] = concurrent.futures.Future()
        handler = self.card.handler

        def work() -> None:
            if not future.set_running_or_notify_cancel():
                return
            try:
                future.set_result(bytes(handler(apdu)))
            except BaseException as error:
                future.set_exception(error)

        # One daemon thread per command: a handler that never returns cannot keep the process
        # alive, and the tap goes on asking for time meanwhile.
        threading.Thread(target=work, name="card-application", daemon=True).start()
        return future

    def _await_application(self) -> bytes | None:
        """The next block while the reader waits for the application; None: not yet."""
        assert self.work is not None
        assert self.reply_due is not None
        wait = max(0.0, min(self.reply_due - time.monotonic(), _SLICE))
        try:
            response = self.work.result(timeout=wait)
        except concurrent.futures.TimeoutError:
            if time.monotonic() < self.reply_due:
                return None
            self.reply_due = None  # asked for more time: the S(WTX) response re-arms it
            return self._remember(self._block(0xF2, bytes([self.wtxm])))
        except Exception:
            log.exception("the card application failed")
            response = SW_UNKNOWN_ERROR
        self.work = None
        self.reply_due = None
        self.quiet_since = time.monotonic()
        self.pending = response
        return self._next_response_block()

    def _next_response_block(self) -> bytes:
        room = self.frame_size - 3 - (0 if self.cid is None else 1)
        chunk, self.pending = self.pending[:room], self.pending[room:]
        pcb = 0x02 | self.block_number | (0x10 if self.pending else 0)
        return self._remember(self._block(pcb, chunk))


def present_uid_only_tag(
    path: str,
    *,
    uid: bytes | None = None,
    technology: str = "106A",
    hold: float = 3.0,
    stop: threading.Event | None = None,
) -> bool:
    """Hold an identifier-only tag in the field for ``hold`` seconds (blocking).

    ``106A`` plays an NFC Forum Type 2 tag (default: a random 7-byte UID) that answers READ.
    A UID starting 0x04 (NXP) is refused: nfcpy would probe for NXP products, which this tag
    does not play. ``212F`` plays a FeliCa (Type 3) tag whose IDm (8 bytes) is its identifier.
    Returns whether a reader found the tag; ``stop`` ends it early. Raises :class:`OSError` if
    the device cannot be opened. Two taps in a row need a pause of half a second between them,
    or the reader takes the second for the first still lying there.
    """
    play: Callable[[Any, bytes, float, threading.Event], bool]
    if technology == "106A":
        uid = uid if uid is not None else b"\x05" + os.urandom(6)
        if len(uid) not in (4, 7) or uid[0] == 0x04:
            raise ValueError("a Type 2 tag here has a 4 or 7-byte UID not starting with 0x04")
        play = _play_type2
    elif technology == "212F":
        uid = uid if uid is not None else b"\x02\xfe" + os.urandom(6)
        if len(uid) != 8 or uid[:2] == b"\x01\xfe":
            raise ValueError("a Type 3 IDm has 8 bytes and does not start 01FE (that is NFC-DEP)")
        play = _play_type3
    else:
        raise ValueError(f"cannot play a UID-only tag on {technology!r}; use 106A or 212F")
    clf = _open(path)
    try:
        return play(clf, uid, time.monotonic() + hold, stop or threading.Event())
    finally:
        clf.close()


def _type2_memory(uid: bytes) -> bytes:
    """Pages 0-15 of a Type 2 tag that is not NDEF formatted (capability container zero)."""
    if len(uid) == 7:
        bcc0 = 0x88 ^ uid[0] ^ uid[1] ^ uid[2]
        bcc1 = uid[3] ^ uid[4] ^ uid[5] ^ uid[6]
        head = uid[:3] + bytes([bcc0]) + uid[3:] + bytes([bcc1, 0x48, 0x00, 0x00])
    else:
        head = uid + bytes([uid[0] ^ uid[1] ^ uid[2] ^ uid[3]])
    return head + bytes(64 - len(head))


def _type2_answer(memory: bytes, command: bytes) -> bytes | None:
    """READ gets 16 bytes (rolling over at the end); HALT gets silence; anything else a NAK."""
    if command[0] == _TYPE2_READ and len(command) >= 2:
        start = command[1] * 4 % len(memory)
        return (memory + memory)[start : start + 16]
    if command[0] == _TYPE2_HALT:
        return None
    return _TYPE2_NAK


def _play_type2(clf: Any, uid: bytes, until: float, stop: threading.Event) -> bool:
    target = nfc.clf.LocalTarget("106A")
    target.sens_res = _sens_res(uid)
    target.sdd_res = uid
    target.sel_res = b"\x00"
    memory = _type2_memory(uid)
    found = False
    while not stop.is_set() and time.monotonic() < until:
        activated = _listen(clf, target, until, stop)
        first = None if activated is None else activated.tt2_cmd
        if not first or first[0] != _TYPE2_READ:
            continue  # nothing, or a frame meant for a card that has left
        found = True
        command: bytes | None = bytes(first)
        while not stop.is_set() and time.monotonic() < until:
            answer = None if command is None else _type2_answer(memory, command)
            if command is not None and answer is None:
                return True  # HALT: the tag stays quiet until it leaves
            try:
                frame = clf.exchange(None if answer is None else bytearray(answer), _SLICE)
            except nfc.clf.BrokenLinkError:
                break  # the reader switched its field off: be found again
            except nfc.clf.CommunicationError:
                frame = None
            command = bytes(frame) if frame else None
    return found


def _play_type3(clf: Any, idm: bytes, until: float, stop: threading.Event) -> bool:
    pmm = b"\xff" * 8  # no FeliCa product code: nfcpy treats it as a plain Type 3 tag
    target = nfc.clf.LocalTarget("212F")
    target.sensf_res = b"\x01" + idm + pmm + b"\x12\xfc"
    found = False
    while not stop.is_set() and time.monotonic() < until:
        # nfcpy answers polling inside listen() and returns only for a command addressed to
        # this IDm, which the emulation class answers.
        activated = _listen(clf, target, until, stop)
        # nfcpy's UDP driver counts what it sent: answered polling means a reader found us.
        found = found or bool(getattr(clf.device, "sent_data", 0))
        if activated is None:
            continue
        found = True
        tag = nfc.tag.tt3.Type3TagEmulation(clf, activated)
        command = tag.cmd
        while not stop.is_set() and (remaining := until - time.monotonic()) > 0:
            response = None if command is None else tag.process_command(command)
            try:
                command = tag.send_response(response, min(_SLICE, remaining))
            except nfc.clf.BrokenLinkError:
                break
            except nfc.clf.CommunicationError:
                command = None
    return found
