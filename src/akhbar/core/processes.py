"""Work handed to a second, forked process (an import's reader, the reindex's
entity worker)."""

import multiprocessing
import os


def can_fork() -> bool:
    """Whether a forked process would run beside this one on its own core."""
    return "fork" in multiprocessing.get_all_start_methods() and (
        (os.cpu_count() or 1) > 1
    )
