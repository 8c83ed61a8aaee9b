"""Reads the imports of app/ with `ast` and names what breaks the layout (tests/test_layers.py).

Rules (see ../shared/STYLE.md and DEVELOPERS.md):
- a module under a `logic/` folder imports no flask, sqlalchemy, werkzeug, app.extensions or any
  `models` module: pure domain rules only;
- a module under a `web/` folder imports no `app.extensions` (db) and no other view module of a
  `web/` folder (the routing table `blueprint`, `forms`, shared `common` helpers and the package may be
  imported; the package `web/__init__` imports its views to register them);
- no two modules import each other, directly or in a longer circle (imports inside functions
  count: a lazy import hides a circle, it does not remove it);
- no two rooms (app/<room>/) import each other, directly or in a longer circle;
- a room's `web/` with views has its routing table in `web/blueprint.py` (`add_url_rule`): no view
  module registers a route itself (`@bp.route`);
- views stay thin: `long_views` names the routes whose body runs over a number of lines (code lines,
  not counting the docstring, blank lines and comments); tests/test_layers.py holds the limit.
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
    "app.downloads",
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


def _web_modules(root: Path):
    """(room, web folder, [view module paths]) for every room with a web/ package."""
    for web in sorted(root.glob("*/web")):
        views = sorted(p for p in web.glob("*.py") if p.stem not in WEB_SHARED)
        yield web.parent.name, web, views


def routing_violations(root: Path) -> list[str]:
    problems = []
    for room, web, views in _web_modules(root):
        if views and not (web / "blueprint.py").exists():
            problems.append(f"web/ has no routing table: app.{room}.web.blueprint is missing")
        for path in views:
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
                if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                    continue
                for dec in node.decorator_list:
                    if isinstance(dec, ast.Call) and isinstance(dec.func, ast.Attribute) and dec.func.attr == "route":
                        problems.append(
                            f"route outside the routing table: {module_name(root, path)}:{dec.lineno} {node.name}"
                        )
    return sorted(problems)


def _routed_views(blueprint: Path) -> set[tuple[str, str]]:
    """(view module, function) named in a routing table: `bp.add_url_rule(rule, endpoint, module.view, ...)`
    or rows `(rule, endpoint, module.view, methods)` of a table it loops over."""
    found = set()
    for node in ast.walk(ast.parse(blueprint.read_text(encoding="utf-8"), str(blueprint))):
        view = None
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "add_url_rule":
            view = (
                node.args[2]
                if len(node.args) > 2
                else next((k.value for k in node.keywords if k.arg == "view_func"), None)
            )
        elif isinstance(node, ast.Tuple) and len(node.elts) >= 3:
            view = node.elts[2]
        if isinstance(view, ast.Attribute) and isinstance(view.value, ast.Name):
            found.add((view.value.id, view.attr))
    return found


def _code_lines(lines: list[str], func: ast.FunctionDef) -> int:
    body = func.body
    first = body[0]
    if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant) and isinstance(first.value.value, str):
        if len(body) == 1:
            return 0
        first = body[1]  # the docstring does not count
    count = 0
    for text in lines[first.lineno - 1 : func.end_lineno]:
        stripped = text.strip()
        if stripped and not stripped.startswith("#"):
            count += 1
    return count


def long_views(root: Path, limit: int) -> dict[str, int]:
    """Routed views whose body is longer than `limit` code lines: {"app.<room>.web.<module>.<view>": lines}."""
    result = {}
    for _room, web, _views in _web_modules(root):
        if not (web / "blueprint.py").exists():
            continue
        for module, view in _routed_views(web / "blueprint.py"):
            path = web / f"{module}.py"
            if not path.exists():
                continue
            text = path.read_text(encoding="utf-8")
            for node in ast.parse(text, str(path)).body:
                if isinstance(node, ast.FunctionDef) and node.name == view:
                    lines = _code_lines(text.splitlines(), node)
                    if lines > limit:
                        result[f"{module_name(root, path)}.{view}"] = lines
    return dict(sorted(result.items()))


def all_problems(root: Path) -> list[str]:
    graph = imports_of(root)
    return (
        layer_violations(graph)
        + [f"import circle: {c}" for c in module_cycles(graph)]
        + [f"rooms import each other: {c}" for c in room_cycles(graph)]
        + routing_violations(root)
    )
