"""Imports point one way: a stage imports from earlier stages and the shared model, never later ones.

The order is the flow a reader sees in the folder tree. Lazy imports inside functions count
too: a circle hidden in a function body is still a circle.
"""
from __future__ import annotations

import ast
from pathlib import Path

import factions

# Earlier stages first. Modules at the package root (model, errors, ...) are shared by all.
FLOW = ["data", "ingest", "extract", "resolve", "store", "analyze", "export", "jobs", "serve"]
ROOT = Path(factions.__file__).parent


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
        elif isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
    return {n for n in names if n.startswith("factions.")}


def _stage(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[1] in FLOW else None


def test_every_stage_imports_only_earlier_stages() -> None:
    wrong = []
    for path in sorted(ROOT.rglob("*.py")):
        stage = path.relative_to(ROOT).parts[0]
        if stage not in FLOW:
            continue
        for module in _imports(path):
            target = _stage(module)
            if target and FLOW.index(target) > FLOW.index(stage):
                wrong.append(f"{path.relative_to(ROOT)} imports {module}")
    assert not wrong, "imports against the flow:\n" + "\n".join(wrong)


def test_no_module_circle_inside_a_stage() -> None:
    graph: dict[str, set[str]] = {}
    packages: set[str] = set()
    for path in ROOT.rglob("*.py"):
        rel = path.relative_to(ROOT).with_suffix("")
        name = ".".join(("factions", *rel.parts)).removesuffix(".__init__")
        if path.name == "__init__.py":
            packages.add(name)
        graph[name] = {m for m in _imports(path) if m != name}
    seen: dict[str, int] = {}  # 1 = on the stack, 2 = done
    cycles: list[str] = []

    def visit(node: str, stack: list[str]) -> None:
        seen[node] = 1
        for nxt in sorted(graph.get(node, ())):
            if nxt not in graph:
                continue
            if seen.get(nxt) == 1:
                cycles.append(" -> ".join(stack[stack.index(nxt):] + [nxt]) if nxt in stack else nxt)
            elif nxt not in seen:
                visit(nxt, stack + [nxt])
        seen[node] = 2

    for node in sorted(graph):
        if node not in seen:
            visit(node, [node])
    # A package __init__ re-exporting its modules imports them and they import siblings through it:
    # only circles between two plain modules are defects.
    real = [c for c in cycles if not packages & set(c.split(" -> "))]
    assert not real, "import circles:\n" + "\n".join(real)
