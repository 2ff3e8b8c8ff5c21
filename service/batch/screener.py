"""Screen lists of queries with the one engine: in the calling thread, or in processes forked
from this one, which share the loaded lists copy-on-write (no second load, no second index).

Work goes out in small pieces that the processes take in order while the calling thread, when
it waits for results, screens the pieces nobody has started (``Pending``): the thread's reading
and saving never leave a core idle.

Hits are reduced to plain dicts (what a batch result keeps): the engine's best ``limit`` hits
that score at least ``min_score`` (the reporting floor), best first; alerting hits carry the
one-sentence explanation. Identical queries within a job are screened once (a bounded memo per
process).
"""

from __future__ import annotations

import ctypes
import functools
import logging
import multiprocessing
import os
import signal
import sys
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass
from typing import Any

from service.engine.screen import Engine, Hit, Query
from service.perf import freeze_for_serving

log = logging.getLogger(__name__)
MEMO_SIZE = 2_000
#: Queries per piece of work handed to a forked process (see ``Pending``).
PIECE = 16
HitDict = dict[str, Any]
#: The engine memoises name analyses and token comparisons in ``lru_cache``s sized for a
#: long-running server (``analyze`` alone: 262,144 entries of ~2 KB). A large batch of distinct
#: names fills them in every screening process, so the batch path clears any of them holding
#: more than this many entries: memory then stays flat whatever the file size.
CACHE_CAP = 20_000
#: Memos whose entries are a few short strings (one token's phonetic keys): ~200 bytes each,
#: so ~20 MB per memo at this cap. Clearing them at ``CACHE_CAP`` cost a fifth of the batch
#: time (every listed token's keys recomputed). Token-pair similarities (~420 bytes each,
#: cheap to recompute, rarely shared between rows) stay at ``CACHE_CAP``.
SMALL_CACHE_CAP = 100_000
_SMALL_ENTRIES = frozenset(
    {
        "skeleton",
        "consonant_key",
        "korean_key",
        "_collapse",
        "long_vowels_agree",
        "content_indices",
        "compatibility",
    }
)
_CACHE_MODULES = ("service.names", "service.matching")

_FORK_LOCK = threading.Lock()
_ENGINE: Engine | None = None  # what forked children screen with (set just before forking)
_CHILD: _Core | None = None


@dataclass(frozen=True, slots=True)
class ScreenOptions:
    limit: int = 5
    threshold: float | None = None  # None: the engine's default
    lists: tuple[str, ...] | None = None
    min_score: float = 0.5


def hit_dict(hit: Hit) -> HitDict:
    """A hit as batch results keep it; alerting hits carry the one-sentence explanation."""
    out: HitDict = {
        "entity_id": hit.entity.id,
        "list_id": hit.entity.list_id,
        "schema": hit.entity.schema.value,
        "name": hit.entity.name,
        "matched_name": hit.matched_name.value,
        "score": hit.score,
        "alert": hit.alert,
    }
    if hit.alert:
        out["explanation"] = hit.sentence()
    return out


def _key(query: Query) -> tuple[Any, ...]:
    return (query.name, query.schema, query.birth_date, query.country, tuple(query.identifiers))


class _Core:
    """Screens queries with one engine and a bounded memo of recent distinct queries."""

    def __init__(self, engine: Engine, options: ScreenOptions):
        self.engine = engine
        self.options = options
        self.memo: OrderedDict[tuple[Any, ...], list[HitDict]] = OrderedDict()

    def screen(self, queries: Sequence[Query]) -> list[list[HitDict]]:
        opts = self.options
        out = []
        for query in queries:
            key = _key(query)
            hits = self.memo.get(key)
            if hits is not None:
                self.memo.move_to_end(key)
            else:
                found = self.engine.screen(
                    query,
                    limit=opts.limit,
                    threshold=opts.threshold,
                    lists=opts.lists,
                    min_score=opts.min_score,
                )
                hits = [hit_dict(h) for h in found if h.score >= opts.min_score]
                self.memo[key] = hits
                if len(self.memo) > MEMO_SIZE:
                    self.memo.popitem(last=False)
            out.append(hits)
        bound_caches()
        return out


@functools.cache
def _engine_caches() -> tuple[Any, ...]:
    """The ``lru_cache``d functions of the name-analysis and matching modules."""
    found = []
    for name, module in list(sys.modules.items()):
        if module is None or not name.startswith(_CACHE_MODULES):
            continue
        for value in vars(module).values():
            if callable(getattr(value, "cache_info", None)) and value.__module__ == name:
                found.append(value)
    return tuple(found)


def bound_caches() -> None:
    """Clear any engine memo grown past its cap (``CACHE_CAP``, ``SMALL_CACHE_CAP``: see there),
    and hand the freed memory back to the system (glibc keeps it otherwise)."""
    cleared = False
    for function in _engine_caches():
        small = getattr(function, "__name__", "") in _SMALL_ENTRIES
        if function.cache_info().currsize > (SMALL_CACHE_CAP if small else CACHE_CAP):
            function.cache_clear()
            cleared = True
    if cleared and (trim := _malloc_trim()) is not None:
        trim(0)


@functools.cache
def _malloc_trim() -> Callable[[int], int] | None:
    try:
        return ctypes.CDLL("libc.so.6").malloc_trim
    except (OSError, AttributeError):
        return None


def _die_with_parent(parent: int) -> None:
    """Children must not outlive a killed server: PR_SET_PDEATHSIG, else a watchdog."""
    try:
        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        if libc.prctl(1, signal.SIGKILL, 0, 0, 0) == 0:  # PR_SET_PDEATHSIG
            if os.getppid() != parent:
                os._exit(1)
            return
    except OSError:
        pass

    def watch() -> None:
        while True:
            threading.Event().wait(1.0)
            if os.getppid() != parent:
                os._exit(1)

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()


def _child_init(options: ScreenOptions, parent: int) -> None:
    global _CHILD
    freeze_for_serving()  # inherited objects: keep the cyclic GC off their (shared) pages
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    _die_with_parent(parent)
    assert _ENGINE is not None
    _CHILD = _Core(_ENGINE, options)


def _child_screen(queries: list[Query]) -> list[list[HitDict]]:
    assert _CHILD is not None
    return _CHILD.screen(queries)


class Pending:
    """Results of one submitted list of queries, in order.

    The queries go out in pieces of ``PIECE`` to the forked processes, which take them in
    submission order. The calling thread, when it asks for the results (``result``), screens
    the pieces no process has started yet itself, from the end of the newest submitted list
    backwards (the opposite end from the processes), and only waits when every piece left is
    being screened elsewhere. So both cores stay busy whatever else the calling thread spends
    its time on (reading, saving); there is no fixed share for it to fall behind on.
    """

    def __init__(self, screener: Screener, pieces: list[list[Query]], futures: list[Future | None]):
        self._screener = screener
        self._pieces = pieces
        self._futures = futures
        self._found: list[list[list[HitDict]] | None] = [None] * len(pieces)

    def _take_one(self) -> bool:
        """Screen here the last piece no process has started; False if there is none."""
        for index in range(len(self._pieces) - 1, -1, -1):
            if self._found[index] is not None:
                continue
            future = self._futures[index]
            if future is None or future.cancel():
                self._found[index] = self._screener._core.screen(self._pieces[index])
                return True
        return False

    def result(self, timeout: float | None = None) -> list[list[HitDict]]:
        deadline = None if timeout is None else time.monotonic() + timeout
        screener = self._screener
        while True:
            waiting = []
            for index, future in enumerate(self._futures):
                if self._found[index] is None and future is not None:
                    if future.done():
                        self._found[index] = future.result()
                    else:
                        waiting.append(future)
            if all(found is not None for found in self._found):
                break
            if screener.inline and (self._take_one() or screener._take_one(self)):
                continue
            left = None if deadline is None else max(0.0, deadline - time.monotonic())
            if not wait(waiting, left, FIRST_COMPLETED)[0]:
                raise TimeoutError(f"no screening result within {timeout} s")
        screener._settled(self)
        out: list[list[HitDict]] = []
        for found in self._found:
            out.extend(found or ())
        return out


class Screener:
    """``workers`` forked processes and, with ``inline``, the calling thread (at ``result``).

    Each forked process costs the memory of the engine pages it touches (copy-on-write,
    ~0.4-0.5 GB for the full lists), so on 2 cores one process plus the calling thread is
    the default. ``workers=0`` screens in the calling thread only. One calling thread.
    """

    def __init__(
        self, engine: Engine, options: ScreenOptions, workers: int = 0, inline: bool = True
    ):
        self.engine = engine
        self.options = options
        self.workers = workers
        self.inline = inline or workers == 0
        self._core = _Core(engine, options)
        self._pool: ProcessPoolExecutor | None = None
        self._open: list[Pending] = []  # submitted, results not asked for yet (oldest first)
        if workers > 0:
            self._pool = self._fork(workers)

    def _fork(self, workers: int) -> ProcessPoolExecutor:
        global _ENGINE
        with _FORK_LOCK:
            # Long-lived objects out of the cyclic GC's reach in the parent too (as the API
            # does after a load): its collections would otherwise write to the shared pages.
            freeze_for_serving()
            _ENGINE = self.engine
            pool = ProcessPoolExecutor(
                max_workers=workers,
                mp_context=multiprocessing.get_context("fork"),
                initializer=_child_init,
                initargs=(self.options, os.getpid()),
            )
            # Fork every worker now, while _ENGINE is this engine.
            list(pool.map(_noop, range(workers * 4)))
            _ENGINE = None
        return pool

    def submit(self, queries: list[Query]) -> Pending:
        pieces = [queries[i : i + PIECE] for i in range(0, len(queries), PIECE)]
        if self._pool is None:
            return Pending(self, pieces, [None] * len(pieces))
        futures: list[Future | None] = [self._pool.submit(_child_screen, p) for p in pieces]
        pending = Pending(self, pieces, futures)
        self._open.append(pending)
        return pending

    def _take_one(self, asking: Pending) -> bool:
        """Screen here an unstarted piece of a later submission, the newest first."""
        return any(p._take_one() for p in reversed(self._open) if p is not asking)

    def _settled(self, pending: Pending) -> None:
        if pending in self._open:
            self._open.remove(pending)

    def close(self) -> None:
        self._open.clear()
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    def __enter__(self) -> Screener:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _noop(_: int) -> None:
    return None
