"""Content sync: fetch the assigned manifest conditionally, then only the blobs this PC lacks.

The order is the point (see ``fleet.protocol.content``): the manifest's signature, expiry and
version are checked before a single blob is asked for, so a forged, expired or older
manifest costs one request; every blob's hash is checked as it lands and again when the
version is switched in; a cut download resumes from its ``.part`` file with an HTTP Range.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import shutil
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum

from content.manifest import ContentKey, ManifestError, ManifestFile, SignedManifest, parse, verify
from fleet.protocol.content import ContentError, ContentKeyInfo
from kiosk.services.client import DeviceClient
from kiosk.services.content_store import ContentStore
from kiosk.services.errors import FleetError, FleetUnreachableError

log = logging.getLogger(__name__)

#: ``progress(done, total)``: blob bytes on disk so far (resumed parts included) of ``total``.
Progress = Callable[[int, int], None]

#: Refusals of the manifest itself: the same signed bytes would be refused again, so they are
#: not fetched again until the trusted keys change or IT asks for a sync.
MANIFEST_REFUSALS = frozenset(
    {
        ContentError.FORGED,
        ContentError.UNKNOWN_KEY,
        ContentError.EXPIRED,
        ContentError.OLDER_VERSION,
        ContentError.MALFORMED,
    }
)
#: Waits before resuming a cut blob download; one more attempt than there are delays.
RESUME_DELAYS = (1.0, 4.0, 15.0)


class SyncOutcome(StrEnum):
    INSTALLED = "installed"  # a new version is current
    UNCHANGED = "unchanged"  # the installed version is the assigned one (304)
    NOTHING_ASSIGNED = "nothing_assigned"  # the fleet has no bundle for this PC (204)
    REFUSED = "refused"  # the manifest or a blob must not be used; ``error`` says why
    FAILED = "failed"  # could not finish (network, disk); retry later


@dataclass(frozen=True)
class SyncResult:
    outcome: SyncOutcome
    #: The installed manifest after the sync (None: nothing installed).
    manifest_id: str | None
    error: ContentError | None = None
    #: Blob bytes received over the network by this sync (the manifest not included).
    blob_bytes: int = 0


def trusted_keys(keys: Iterable[ContentKeyInfo]) -> dict[str, ContentKey]:
    """The publisher keys from ``DeviceConfig.content_keys``, by key id."""
    return {key.key_id: ContentKey(key_id=key.key_id, public_key=key.public_key) for key in keys}


def _keys_stamp(trusted: Mapping[str, ContentKey]) -> frozenset[tuple[str, str]]:
    return frozenset((key.key_id, key.public_key) for key in trusted.values())


def _content_error(error: ManifestError) -> ContentError:
    try:
        return ContentError(error.code)
    except ValueError:
        return ContentError.MALFORMED


class _Counter:
    """Bytes received and bytes on disk per blob, reported as one figure."""

    def __init__(self, files: list[ManifestFile], store: ContentStore, progress: Progress | None):
        self.total = sum(item.size for item in files)
        self.done = {item.sha256: min(store.part_size(item), item.size) for item in files}
        self.received = 0
        self._progress = progress

    def at(self, file: ManifestFile, position: int) -> None:
        self.done[file.sha256] = position
        self.report()

    def report(self) -> None:
        if self._progress is not None:
            self._progress(sum(self.done.values()), self.total)


class ContentSync:
    """Brings the :class:`ContentStore` to the manifest the fleet assigns; one sync at a time."""

    def __init__(
        self,
        store: ContentStore,
        client: Callable[[], DeviceClient | None],
        clock: Callable[[], dt.datetime],
        *,
        resume_delays: tuple[float, ...] = RESUME_DELAYS,
    ) -> None:
        self._store = store
        self._client = client
        self._clock = clock
        self._resume_delays = resume_delays
        #: Why the last offered manifest was not installed; None after a good sync.
        self.last_error: ContentError | None = None
        self.last_result: SyncResult | None = None
        self._refused: tuple[frozenset[str], frozenset[tuple[str, str]]] | None = None
        self._lock = asyncio.Lock()

    @property
    def store(self) -> ContentStore:
        return self._store

    def wanted(self, target_manifest_id: str | None, trusted: Mapping[str, ContentKey]) -> bool:
        """Whether a check-in naming ``target_manifest_id`` calls for a sync."""
        if target_manifest_id is None or target_manifest_id == self._store.installed_id():
            return False
        if self._refused is not None:
            refused_ids, keys = self._refused
            if target_manifest_id in refused_ids and keys == _keys_stamp(trusted):
                return False
        return True

    def forget_refusal(self) -> None:
        """Try a refused manifest again (IT sent ``sync``: something may have been fixed)."""
        self._refused = None

    async def sync(
        self,
        target_manifest_id: str | None,
        trusted: Mapping[str, ContentKey],
        progress: Progress | None = None,
    ) -> SyncResult:
        """Fetch, verify and install the assigned manifest; never raises for a bad bundle or
        a lost network (the result and ``last_error`` say what happened)."""
        async with self._lock:
            result = await self._sync(target_manifest_id, trusted, progress)
        self.last_result = result
        if result.outcome in (SyncOutcome.REFUSED, SyncOutcome.FAILED):
            self.last_error = result.error
            log.warning("content sync %s: %s", result.outcome.value, result.error)
        else:
            self.last_error = None
        return result

    async def _sync(
        self,
        target_manifest_id: str | None,
        trusted: Mapping[str, ContentKey],
        progress: Progress | None,
    ) -> SyncResult:
        installed_id = self._store.installed_id()
        client = self._client()
        if client is None:
            return SyncResult(SyncOutcome.FAILED, installed_id, ContentError.DOWNLOAD_FAILED)
        counter: _Counter | None = None
        signed: SignedManifest | None = None
        try:
            reply = await client.content_manifest(installed_id)
            if reply.status == 304:
                return SyncResult(SyncOutcome.UNCHANGED, installed_id)
            if reply.status == 204:
                return SyncResult(SyncOutcome.NOTHING_ASSIGNED, installed_id)
            refused_ids = {reply.etag} if reply.etag else set()
            try:
                signed = parse(reply.body)
                refused_ids.add(signed.manifest_id)
                manifest = verify(signed, trusted, self._clock())
                self._store.check_version(signed)
            except ManifestError as exc:
                # Nothing was downloaded: the manifest alone was enough to say no.
                self._refused = (frozenset(refused_ids), _keys_stamp(trusted))
                return SyncResult(SyncOutcome.REFUSED, installed_id, _content_error(exc))
            if signed.manifest_id == installed_id:
                return SyncResult(SyncOutcome.UNCHANGED, installed_id)
            if target_manifest_id is not None and target_manifest_id != signed.manifest_id:
                log.info("offered %s, check-in named %s", signed.manifest_id, target_manifest_id)
            missing = self._store.missing_blobs(manifest)
            counter = _Counter(missing, self._store, progress)
            self._check_space(counter)
            counter.report()
            for item in missing:
                await self._fetch(client, item, counter)
            await asyncio.to_thread(self._store.install, signed, trusted, self._clock())
        except ManifestError as exc:
            error = _content_error(exc)
            outcome = SyncOutcome.FAILED if error is ContentError.DISK_FULL else SyncOutcome.REFUSED
            return SyncResult(outcome, installed_id, error, counter.received if counter else 0)
        except FleetError as exc:
            log.info("content download failed: %s", exc)
            received = counter.received if counter else 0
            return SyncResult(
                SyncOutcome.FAILED, installed_id, ContentError.DOWNLOAD_FAILED, received
            )
        except OSError:
            log.exception("content could not be stored")
            received = counter.received if counter else 0
            return SyncResult(
                SyncOutcome.FAILED, installed_id, ContentError.DOWNLOAD_FAILED, received
            )
        return SyncResult(SyncOutcome.INSTALLED, signed.manifest_id, None, counter.received)

    def _check_space(self, counter: _Counter) -> None:
        """Refuse to start a download that cannot fit, rather than fill the disk halfway."""
        needed = counter.total - sum(counter.done.values())
        if needed > 0 and shutil.disk_usage(self._store.root).free < needed:
            raise ManifestError("disk_full", f"{needed} bytes of content do not fit")

    async def _fetch(self, client: DeviceClient, item: ManifestFile, counter: _Counter) -> None:
        """Download one blob into its ``.part`` file, resuming after cuts, then check it."""
        for attempt in range(len(self._resume_delays) + 1):
            offset = self._store.part_size(item)
            if offset > item.size:
                self._store.discard_part(item)
                offset = 0
            if offset == item.size:
                break
            try:
                await self._receive(client, item, offset, counter)
            except FleetUnreachableError:
                if attempt == len(self._resume_delays):
                    raise
                log.info("blob %s cut at %d bytes; resuming", item.sha256[:12], offset)
                await asyncio.sleep(self._resume_delays[attempt])
            else:
                break
        # Hashing a large blob takes a while: off the event loop.
        await asyncio.to_thread(self._store.finish_part, item)

    async def _receive(
        self, client: DeviceClient, item: ManifestFile, offset: int, counter: _Counter
    ) -> None:
        async with client.content_blob(item.sha256, offset) as download:
            position = download.start
            counter.at(item, position)
            # Chunks are small: appending them from the loop is quicker than a thread hop.
            with self._store.open_part(item, position) as out:
                async for chunk in download.chunks:
                    position += len(chunk)
                    counter.received += len(chunk)
                    if position > item.size:
                        out.close()
                        self._store.discard_part(item)
                        raise ManifestError("bad_blob", f"{item.path}: longer than listed")
                    out.write(chunk)
                    counter.at(item, position)
