"""discover(): files, folders and globs -> each report file once, in order; misses as InputErrors."""
from __future__ import annotations

from pathlib import Path

import pytest

from factions.errors import InputError
from factions.ingest import discover


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    files = ["b.txt", "a.html", "c.md", "notes", "scan.pdf", "d.text", "sub/e.htm", "sub/deeper/f.markdown",
             "sub/g.xhtml", ".hidden.txt", ".git/config", "sub/.cache/x.txt"]
    for name in files:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("x", encoding="utf-8")
    return tmp_path


def _names(items, root: Path) -> list[str]:
    return [p.relative_to(root).as_posix() for p in items if isinstance(p, Path)]


def test_folder_is_walked_recursively_in_sorted_order(tree):
    items = list(discover([str(tree)]))
    assert all(isinstance(p, Path) for p in items)
    # Hidden files and folders are skipped; other suffixes (scan.pdf) are left to the loader.
    assert _names(items, tree) == ["a.html", "b.txt", "c.md", "d.text", "notes", "scan.pdf",
                                   "sub/e.htm", "sub/g.xhtml", "sub/deeper/f.markdown"]


def test_glob_patterns(tree):
    assert _names(discover([str(tree / "*.txt")]), tree) == ["b.txt"]
    assert _names(discover([str(tree / "**" / "*.htm*")]), tree) == ["a.html", "sub/e.htm"]
    assert _names(discover([str(tree / "sub" / "**")]), tree) == ["sub/e.htm", "sub/g.xhtml",
                                                                  "sub/deeper/f.markdown"]


def test_each_file_once_in_argument_order(tree):
    items = list(discover([str(tree / "sub" / "e.htm"), str(tree / "*.txt"), str(tree), str(tree / "b.txt")]))
    names = _names(items, tree)
    assert names[:2] == ["sub/e.htm", "b.txt"]
    assert len(names) == len(set(names)) == 9


def test_missing_paths_and_empty_globs_become_errors_and_the_batch_goes_on(tree):
    items = list(discover([str(tree / "missing.txt"), str(tree / "*.nothing"), str(tree / "c.md")]))
    assert [type(i) for i in items] == [InputError, InputError, type(tree / "c.md")]
    assert items[0].path == str(tree / "missing.txt") and "no such file" in items[0].message
    assert items[1].path == str(tree / "*.nothing") and "matched no files" in items[1].message


def test_explicit_file_is_yielded_whatever_its_name(tree):
    assert _names(discover([str(tree / ".hidden.txt")]), tree) == [".hidden.txt"]
    assert _names(discover([str(tree / "scan.pdf")]), tree) == ["scan.pdf"]


def test_broken_symlink_is_left_to_the_loader(tmp_path):
    (tmp_path / "dead.txt").symlink_to(tmp_path / "nowhere")
    assert _names(discover([str(tmp_path)]), tmp_path) == ["dead.txt"]


def test_relative_arguments_stay_relative(tree, monkeypatch):
    monkeypatch.chdir(tree)
    assert [p.as_posix() for p in discover(["sub/*.htm"])] == ["sub/e.htm"]
