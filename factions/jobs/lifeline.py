"""A worker process dies with the process that started it, whatever the worker is doing.

A worker's own check of its parent only runs between messages. If the writer is killed
while its queue thread is half-way through writing a message, the worker blocks in the
middle of reading it forever: the pipe never ends, because the worker (and its sibling)
hold its write end too. So: on Linux the kernel is asked to SIGKILL the worker when its
parent dies (prctl PR_SET_PDEATHSIG), and everywhere a daemon thread, which runs while
the main thread sits in a blocking read, leaves when the parent is gone.
"""
from __future__ import annotations

import ctypes
import ctypes.util
import os
import signal
import sys
import threading
import time

PR_SET_PDEATHSIG = 1
WATCH_S = 0.5


def _ask_kernel(parent_pid: int) -> bool:
    """PR_SET_PDEATHSIG(SIGKILL); True when the kernel took the request."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        return libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False


def _watch(parent_pid: int, every_s: float) -> None:
    while True:
        time.sleep(every_s)
        if os.getppid() != parent_pid:  # reparented: the parent is gone
            os._exit(0)  # no clean exit: that would wait on queue threads that can never finish


def die_with_parent(parent_pid: int, every_s: float = WATCH_S) -> bool:
    """Arrange for this process to end when `parent_pid` does; True when the kernel will see to it."""
    by_kernel = _ask_kernel(parent_pid)
    if os.getppid() != parent_pid:
        os._exit(0)  # the parent died before the request was in place
    threading.Thread(target=_watch, args=(parent_pid, every_s), daemon=True, name="factions-lifeline").start()
    return by_kernel
