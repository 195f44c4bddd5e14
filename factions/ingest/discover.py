"""Command-line arguments -> the report files they name, each once, in a stable order.

An argument is a file, a folder (walked recursively) or a glob pattern ('samples/*.txt',
'reports/**/*.html'). Whatever an argument fails to name becomes an InputError in the
stream instead of an exception, so one typo does not stop a batch. Files are not
filtered by suffix here: the loader decides what it can read and says so.
"""
from __future__ import annotations

import glob
import os
from collections.abc import Iterator, Sequence
from pathlib import Path

from factions.errors import InputError


def _hidden(name: str) -> bool:
    return name.startswith(".") and name not in (".", "..")


def _walk(folder: Path) -> Iterator[Path]:
    for root, dirs, files in os.walk(folder, onerror=None, followlinks=False):
        # Sorted in place so os.walk descends in order; hidden folders (.git, .cache) are skipped.
        dirs[:] = sorted(d for d in dirs if not _hidden(d))
        for name in sorted(files):
            if not _hidden(name):
                yield Path(root) / name


def _expand(arg: str) -> Iterator[Path]:
    path = Path(arg)
    if glob.has_magic(arg):
        for match in sorted(glob.glob(arg, recursive=True)):  # glob itself skips hidden names
            found = Path(match)
            yield from (_walk(found) if found.is_dir() else [found])
    elif path.is_dir():
        yield from _walk(path)
    else:
        yield path


def discover(args: Sequence[str]) -> Iterator[Path | InputError]:
    """The files named by `args`, in argument order and sorted within each; errors in the stream."""
    seen: set[str] = set()
    for arg in args:
        count = 0
        for path in _expand(str(arg)):
            if not path.exists() and not path.is_symlink():
                continue
            key = os.path.normcase(os.path.realpath(path))  # a file reached twice (symlink, overlapping args) once
            count += 1
            if key not in seen:
                seen.add(key)
                yield path
        if count == 0:
            message = "pattern matched no files" if glob.has_magic(str(arg)) else "no such file or directory"
            if Path(arg).is_dir():
                message = "folder holds no files"
            yield InputError(message, path=str(arg))
