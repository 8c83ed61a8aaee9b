"""Reads the imports of app/ with `ast` and names what breaks the layout (tests/test_layers.py).

Rules (see ../shared/STYLE.md and DEVELOPERS.md):
- a module under a `logic/` folder imports no flask, sqlalchemy, werkzeug, app.extensions or any
  `models` module: pure domain rules only;
- a module under a `web/` folder imports no `app.extensions` (db) and no other view module of a
  `web/` folder (the routing table `blueprint`, `forms`, shared `common` helpers and the package may be
  imported; the package `web/__init__` imports its views to register them);
- no two modules import each other, directly or in a longer circle (imports inside functions
  count: a lazy import hides a circle, it does not remove it);
- no two rooms (app/<room>/) import each other, directly or in a longer circle.
"""

from __future__ import annotations

import ast
from pathlib import Path

FORBIDDEN_IN_LOGIC = ("flask", "flask_sqlalchemy", "flask_login", "flask_wtf", "flask_babel", "sqlalchemy", "werkzeug")
# Shared parts every room may import; they are not rooms.
BASE_MODULES = {
    "app",
    "app.extensions",
    "app.config",
    "app.kernel",
    "app.errors",
    "app.cli",
    "app.domains",
    "app.flashing",
    "app.template_helpers",
    "app.core",
}
WEB_SHARED = {"blueprint", "forms", "common", "__init__"}  # not views: the routing table, forms, helpers


def module_name(root: Path, path: Path) -> str:
    parts = list(path.relative_to(root.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def _resolve(current: str, is_package: bool, level: int, target: str | None) -> str:
    base = current.split(".")
    if not is_package:
        base = base[:-1]
    if level > 1:
        base = base[: len(base) - (level - 1)]
    return ".".join(base + ([target] if target else []))


def imports_of(root: Path) -> dict[str, list[tuple[str, int]]]:
    """module -> [(imported module, line)] for every module under `root` (the app package)."""
    modules = {module_name(root, p): p for p in root.rglob("*.py")}
    graph: dict[str, list[tuple[str, int]]] = {}
    for name, path in modules.items():
        is_package = path.name == "__init__.py"
        found = []
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            if isinstance(node, ast.Import):
                found += [(alias.name, node.lineno) for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                target = _resolve(name, is_package, node.level, node.module) if node.level else node.module
                for alias in node.names:
                    sub = f"{target}.{alias.name}"
                    found.append((sub if sub in modules else target, node.lineno))
        graph[name] = found
    return graph


def room_of(module: str) -> str | None:
    parts = module.split(".")
    if len(parts) < 2 or parts[0] != "app":
        return None
    top = "app." + parts[1]
    return None if top in BASE_MODULES or module in BASE_MODULES else parts[1]


def layer_violations(graph) -> list[str]:
    problems = []
    for module, imported in graph.items():
        parts = module.split(".")
        in_logic = "logic" in parts
        # web/__init__ (the package itself) imports its views to register them: that is allowed
        in_web = "web" in parts[:-1] and parts[-1] not in WEB_SHARED
        for target, line in imported:
            where = f"{module}:{line} imports {target}"
            if in_logic:
                top = target.split(".")[0]
                if (
                    top in FORBIDDEN_IN_LOGIC
                    or target == "app.extensions"
                    or target.split(".")[-1] == "models"
                    or ".models." in target
                ):
                    problems.append(f"logic/ must stay pure: {where}")
            if in_web:
                if target == "app.extensions":
                    problems.append(f"web/ must not use db: {where}")
                tparts = target.split(".")
                if "web" in tparts and tparts[-1] not in WEB_SHARED and tparts[-1] != "web" and target != module:
                    problems.append(f"web/ view imports another view: {where}")
    return sorted(set(problems))


def _cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one member (Tarjan, iterative)."""
    index, low, on_stack, stack, result, counter = {}, {}, set(), [], [], [0]
    for start in sorted(edges):
        if start in index:
            continue
        work = [(start, iter(sorted(edges.get(start, ()))))]
        index[start] = low[start] = counter[0]
        counter[0] += 1
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            advanced = False
            for child in children:
                if child not in index:
                    index[child] = low[child] = counter[0]
                    counter[0] += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(edges.get(child, ())))))
                    advanced = True
                    break
                if child in on_stack:
                    low[node] = min(low[node], index[child])
            if advanced:
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    result.append(sorted(component))
    return sorted(result)


def module_cycles(graph) -> list[str]:
    known = set(graph)
    edges = {m: {t for t, _ in imported if t in known and t != m} for m, imported in graph.items()}
    return [" ↔ ".join(c) for c in _cycles(edges)]


def room_cycles(graph) -> list[str]:
    edges: dict[str, set[str]] = {}
    for module, imported in graph.items():
        source = room_of(module)
        if source is None:
            continue
        for target, _ in imported:
            room = room_of(target)
            if room and room != source:
                edges.setdefault(source, set()).add(room)
    return [" ↔ ".join(c) for c in _cycles(edges)]


def all_problems(root: Path) -> list[str]:
    graph = imports_of(root)
    return (
        layer_violations(graph)
        + [f"import circle: {c}" for c in module_cycles(graph)]
        + [f"rooms import each other: {c}" for c in room_cycles(graph)]
    )
