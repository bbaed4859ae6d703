"""The code's shape: small modules and a feature chain that points one way.

Lower features never import higher ones (higher features plug in through ``crm.hooks`` and
``crm.signals``), and the ground floor and the permission core import no feature at all.
Imports inside functions count; imports under ``if TYPE_CHECKING:`` do not.
"""

from __future__ import annotations

import ast
from pathlib import Path

import crm

ROOT = Path(crm.__file__).parent
MAX_LINES = 450

#: modules every feature may use; they import no feature themselves
GROUND = {
    "db",
    "extensions",
    "fields",
    "pagination",
    "aggregates",
    "i18n",
    "templating",
    "time",
    "rules",
    "hooks",
    "signals",
    "forms",
    "form_errors",
    "pickers",
    "writers",
    "files",
    "auth.permissions",
}
#: modules that put the app together: they may import everything
ASSEMBLY = {"__init__", "models", "cli"}
#: the feature chain, lowest first; a feature imports only features of a lower level
LEVELS = {
    "jobs": 1,
    "audit": 1,
    "tags": 2,
    "mail": 2,
    "search": 2,
    "organisations": 3,
    "contacts": 4,
    "groups": 5,
    "meetings": 6,
    # data protection reads every feature about people (contacts, groups, meetings, mail,
    # imports); lower features ask the consent rule in ``crm.contacts.consent`` instead
    "privacy": 7,
}
#: above the chain (accounts, dashboard and global search, exports, imports, reports, feeds,
#: the invitee pages, the API …): they read several features; among them no import cycles
TOP = 7


def _modules():
    for path in sorted(ROOT.rglob("*.py")):
        rel = path.relative_to(ROOT).with_suffix("")
        parts = rel.parts if rel.name != "__init__" or len(rel.parts) == 1 else rel.parts[:-1]
        yield path, ".".join(parts)


def _submodule_or_package(module: str, name: str) -> str:
    """Return ``module.name`` when that is a module of its own (``from crm.auth import
    permissions``), else ``module``."""
    base = ROOT.joinpath(*module.split("."), name)
    return f"{module}.{name}" if base.with_suffix(".py").exists() or base.is_dir() else module


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _imports(tree: ast.AST, package: str):
    """Yield the crm module names imported anywhere in ``tree`` (but TYPE_CHECKING blocks)."""
    stack = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, ast.If) and _is_type_checking(node):
            stack.extend(node.orelse)
            continue
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("crm."):
                    yield alias.name[4:]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                name = ".".join([*base, node.module] if node.module else base)
                yield name
            elif node.module == "crm":
                for alias in node.names:
                    is_module = (ROOT / alias.name).is_dir() or (ROOT / f"{alias.name}.py").exists()
                    yield alias.name if is_module else "__init__"
            elif node.module and node.module.startswith("crm."):
                for alias in node.names:
                    yield _submodule_or_package(node.module[4:], alias.name)
        stack.extend(ast.iter_child_nodes(node))


def _place(module: str) -> tuple[str, int | None]:
    """Return (feature or ground/assembly marker, level) of a module name below crm."""
    for ground in GROUND:
        if module == ground or module.startswith(ground + "."):
            return "ground", 0
    top = module.split(".")[0]
    if top in ASSEMBLY:
        return "assembly", None
    return top, LEVELS.get(top, TOP)


def test_no_module_is_longer_than_the_limit():
    long = {
        name: n
        for path, name in _modules()
        if (n := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert long == {}


def test_the_feature_chain_points_one_way():
    wrong = []
    top_edges: dict[str, set[str]] = {}
    for path, name in _modules():
        me, my_level = _place(name)
        if me == "assembly":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for imported in _imports(tree, name):
            other, level = _place(imported)
            if other == "assembly":
                if imported.split(".")[0] == "models":
                    wrong.append(f"{name} -> {imported} (import the feature's models)")
                continue
            if other in ("ground", me):
                continue
            if me == "ground":
                wrong.append(f"{name} -> {imported} (the ground floor imports no feature)")
            elif level >= my_level and not (level == my_level == TOP):
                wrong.append(f"{name} -> {imported}")
            elif level == my_level == TOP:
                top_edges.setdefault(me, set()).add(other)
    for a, targets in top_edges.items():
        for b in targets:
            if a in top_edges.get(b, set()):
                wrong.append(f"{a} <-> {b} (import cycle)")
    assert sorted(set(wrong)) == []


def test_create_app_imports_its_blueprints_by_name():
    source = (ROOT / "__init__.py").read_text(encoding="utf-8")
    assert "importlib" not in source and "import_module" not in source


def test_every_blueprint_but_main_and_auth_has_a_url_prefix(app):
    ours = {name: bp for name, bp in app.blueprints.items() if bp.import_name.startswith("crm")}
    assert len(ours) > 10
    assert sorted(name for name, bp in ours.items() if not bp.url_prefix) == ["auth", "main"]
