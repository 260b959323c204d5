"""Reading and converting ahead of the writes, in a second process.

An import spends about a third of its time on work that needs no database:
parsing the export and turning each post's HTML into body blocks. ``read_ahead``
does that part in a forked child process while this one writes, so a large
import uses two cores. The child only reads the file and computes; it never
touches the database connection it inherits, and it leaves with ``os._exit``
(``multiprocessing``'s way), so nothing of the parent's is closed or flushed.

Where forking is not available (Windows, or Python's default elsewhere being
unsafe for it) or worth it (one core), the same work runs in this process,
item by item, with the same results.
"""

import multiprocessing
import pickle
import queue as queue_module
import traceback
from collections.abc import Callable, Iterable, Iterator
from typing import TypeVar

from akhbar.core.processes import can_fork

Entry = TypeVar("Entry")
Result = TypeVar("Result")

# Entries sent per message: enough to make pickling and the pipe cheap, few
# enough that the writer is never long without work at the start.
BATCH = 32
# Batches the child may prepare before the writer takes them: memory stays
# flat whatever the file's size.
AHEAD = 16


class ReadAheadError(RuntimeError):
    """The reading process failed; the message carries its traceback."""


def read_ahead(
    entries: Iterable[Entry],
    prepare: Callable[[Entry], Result],
    *,
    fork: bool | None = None,
) -> Iterator[tuple[Entry, Result]]:
    """``(entry, prepare(entry))`` for each of ``entries``, in order.

    ``entries`` is iterated (and ``prepare`` called) in a forked child process
    when ``fork`` is true, or when it is None and ``can_fork()``; both must then
    only read files and compute, and their results must pickle. An exception
    in the child is raised here as ``ReadAheadError`` once the entries before
    it have been yielded (the exception itself when it pickles, else
    ``ReadAheadError`` with its traceback); an exception raised at the caller's
    side of the iteration stops the child.
    """
    if fork is None:
        fork = can_fork()
    if not fork:
        for entry in entries:
            yield entry, prepare(entry)
        return
    context = multiprocessing.get_context("fork")
    queue = context.Queue(maxsize=AHEAD)
    child = context.Process(
        target=_produce, args=(entries, prepare, queue), daemon=True
    )
    child.start()
    try:
        while True:
            try:
                kind, payload = queue.get(timeout=1)
            except queue_module.Empty:
                if child.is_alive():
                    continue
                raise ReadAheadError(
                    "The reading process ended unexpectedly (exit code %s)."
                    % child.exitcode
                ) from None
            if kind == "batch":
                yield from payload
            elif kind == "raise":
                raise payload
            elif kind == "error":
                raise ReadAheadError(payload)
            else:
                break
        child.join()
    finally:
        if child.is_alive():
            child.terminate()
            child.join()
        queue.close()


def _produce(entries, prepare, queue) -> None:
    """The child's side: read, prepare, send in batches, then say it is done."""
    batch = []
    try:
        for entry in entries:
            batch.append((entry, prepare(entry)))
            if len(batch) >= BATCH:
                queue.put(("batch", batch))
                batch = []
        if batch:
            queue.put(("batch", batch))
    except BaseException as error:
        if batch:
            queue.put(("batch", batch))
        try:
            # Raised again in the parent as it is, when it survives the trip.
            pickle.loads(pickle.dumps(error))  # noqa: S301
            queue.put(("raise", error))
        except Exception:
            queue.put(("error", traceback.format_exc()))
    else:
        queue.put(("done", None))
