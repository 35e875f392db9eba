"""The package layout keeps its promises: no import cycles, no overlong modules, a working API.

Reads the source of ``src/eventwire`` with ``ast`` (nothing is imported for
the first two checks):

* no import cycle among eventwire modules, counting imports inside functions
  (lazy imports) as much as those at the top. ``import eventwire.x.y`` and
  ``from eventwire.x import y`` with ``y`` a submodule import ``eventwire.x.y``;
  an import of a package (``from eventwire.store import Store``) imports its
  ``__init__.py``. Imports under ``if TYPE_CHECKING:`` never run and are not
  counted;
* no module over 800 lines, and a module over 600 lines opens its docstring
  with a sentence saying why it is one module (it names itself "one module");
* every name in ``eventwire.__all__`` imports.
"""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "src" / "eventwire"
MAX_LINES = 800
EXPLAINED_LINES = 600


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


MODULES = {_module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _import_nodes(nodes: list[ast.AST]) -> list[ast.Import | ast.ImportFrom]:
    """Every import statement in ``nodes``, at any depth, but for TYPE_CHECKING blocks."""
    found: list[ast.Import | ast.ImportFrom] = []
    for node in nodes:
        if isinstance(node, ast.Import | ast.ImportFrom):
            found.append(node)
        elif isinstance(node, ast.If) and _is_type_checking(node.test):
            found += _import_nodes(node.orelse)
        else:
            found += _import_nodes(list(ast.iter_child_nodes(node)))
    return found


def _absolute(name: str, node: ast.ImportFrom) -> str:
    """The module an ImportFrom in module ``name`` reads from, made absolute."""
    if not node.level:
        return node.module or ""
    package = name if MODULES[name].name == "__init__.py" else name.rpartition(".")[0]
    for _ in range(node.level - 1):
        package = package.rpartition(".")[0]
    return f"{package}.{node.module}" if node.module else package


def imports_of(name: str, source: str | None = None) -> set[str]:
    """The eventwire modules that module ``name`` (or ``source`` as that module) imports."""
    if source is None:
        source = MODULES[name].read_text(encoding="utf-8")
    found: set[str] = set()
    for node in _import_nodes([ast.parse(source)]):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names if alias.name in MODULES}
            continue
        base = _absolute(name, node)
        for alias in node.names:
            submodule = f"{base}.{alias.name}"
            if submodule in MODULES:
                found.add(submodule)
            elif base in MODULES:
                found.add(base)
    found.discard(name)
    return found


def import_cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    cycles: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph[node]):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                cycles.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return cycles


def test_layout_reads_imports_as_python_runs_them() -> None:
    source = """
import eventwire.stages.times.find
from eventwire.store import Store
from eventwire.run import extract
from . import filters
from ..filters import Where
if TYPE_CHECKING:
    from eventwire.web import api
else:
    import eventwire.settings
def later():
    from eventwire.crossdoc.stories import merge_store
"""
    assert imports_of("eventwire.store.queries.events", source) == {
        "eventwire.stages.times.find",  # a dotted import: the module it names
        "eventwire.store",  # a package: its __init__
        "eventwire.run.extract",  # a submodule imported by name from its package
        "eventwire.store.queries",  # `from . import filters`: queries has no module filters
        "eventwire.store.filters",  # a relative import, two levels up
        "eventwire.settings",
        "eventwire.crossdoc.stories",  # a lazy import counts
    }
    assert "eventwire.run.extract" in imports_of("eventwire")  # eventwire.extract's lazy import
    assert import_cycles({"a": {"b"}, "b": {"a"}, "c": {"a"}}) == [["a", "b"]]


def test_layout_no_import_cycles() -> None:
    graph = {name: imports_of(name) for name in MODULES}
    cycles = import_cycles(graph)
    assert not cycles, "import cycles (lazy imports included): " + "; ".join(
        " <-> ".join(cycle) for cycle in cycles
    )


@pytest.mark.parametrize("name", sorted(MODULES))
def test_layout_module_size(name: str) -> None:
    path = MODULES[name]
    lines = len(path.read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_LINES, f"{path.name} has {lines} lines; split it (at most {MAX_LINES})"
    if lines > EXPLAINED_LINES:
        docstring = ast.get_docstring(ast.parse(path.read_text(encoding="utf-8"))) or ""
        first = docstring.split("\n\n")[0]
        assert "one module" in first.lower(), (
            f"{name} has {lines} lines: open its docstring with a sentence saying why it is "
            "one module, or split it"
        )


def test_layout_public_names_import() -> None:
    eventwire = importlib.import_module("eventwire")
    for name in eventwire.__all__:
        assert getattr(eventwire, name) is not None, name
    namespace: dict[str, object] = {}
    exec("from eventwire import *", namespace)
    assert set(eventwire.__all__) <= set(namespace)
