"""The code's shape, checked: imports flow one way through the layers with no cycle, modules and
functions stay small enough to read, and no merge-conflict marker is ever committed."""

from __future__ import annotations

import ast
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "ctdna_resist"
#: top to bottom; a module may import from its own layer or below, never above
LAYERS = [
    ("cli",),
    ("api",),
    ("render", "outputs", "kbview"),
    ("cohort", "timeline", "sheets", "assessment"),
    ("summary", "looked_for", "options"),
    ("interpret", "match", "merging"),
    ("conditions",),
    ("context", "phase"),
    ("readers",),
    ("kb",),
    ("normalize",),
    ("model", "errors", "numbers", "words", "resources", "version"),
]
MAX_MODULE_LINES = 400
MAX_FUNCTION_LINES = 80


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_of(path: Path, modules: set[str]) -> set[str]:
    """The project modules a module imports, wherever the import statement is (functions
    included): `from .x import y` is `ctdna_resist.x.y` when that is a module (a submodule
    import of the package being loaded), `ctdna_resist.x` otherwise."""
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.startswith("ctdna_resist"))
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[:len(package.split(".")) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            elif node.module and node.module.startswith("ctdna_resist"):
                target = node.module
            else:
                continue
            submodules = {f"{target}.{a.name}" for a in node.names} & modules
            found.update(submodules or {target})
    return found


def import_graph() -> dict[str, set[str]]:
    modules = {module_name(p): p for p in PACKAGE.rglob("*.py")}
    return {name: {i for i in imports_of(path, set(modules)) if i in modules and i != name}
            for name, path in modules.items()}


def layer_of(module: str) -> int | None:
    top = module.split(".")[1] if "." in module else ""
    return next((i for i, names in enumerate(LAYERS) if top in names), None)


def test_every_module_belongs_to_a_layer():
    assert [m for m in import_graph() if m != "ctdna_resist" and layer_of(m) is None] == []


def test_imports_never_go_up_a_layer():
    upward = [f"{module} imports {target}" for module, targets in import_graph().items()
              for target in targets
              if module != "ctdna_resist" and layer_of(target) < layer_of(module)]
    assert upward == []


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for nxt in graph[node]:
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                item = stack.pop()
                component.append(item)
                if item == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_no_import_cycles():
    assert cycles(import_graph()) == []


def test_the_checks_catch_an_upward_import_and_a_cycle():
    graph = import_graph()
    graph["ctdna_resist.model.core"] = graph["ctdna_resist.model.core"] | {"ctdna_resist.match"}
    assert layer_of("ctdna_resist.match") < layer_of("ctdna_resist.model.core")
    assert any("ctdna_resist.model.core" in c and "ctdna_resist.match" in c
               for c in cycles(graph))


@pytest.mark.parametrize("path", sorted(PACKAGE.rglob("*.py")),
                         ids=lambda p: str(p.relative_to(PACKAGE)))
def test_modules_and_functions_stay_small(path):
    text = path.read_text()
    lines = len(text.splitlines())
    assert lines <= MAX_MODULE_LINES
    long = [f"{node.name} ({node.end_lineno - node.lineno + 1} lines)"
            for node in ast.walk(ast.parse(text))
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
            and node.end_lineno - node.lineno + 1 > MAX_FUNCTION_LINES]
    assert long == []


def test_no_merge_conflict_markers_are_committed():
    tracked = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True)
    if tracked.returncode != 0:
        pytest.skip("not a git checkout (an unpacked source distribution)")
    markers = []
    for name in tracked.stdout.splitlines():
        path = ROOT / name
        if not path.is_file() or path.suffix in (".gz", ".bam", ".bai", ".tbi", ".csi", ".bcf"):
            continue
        for number, line in enumerate(path.read_bytes().splitlines(), 1):
            if line.startswith((b"<<<<<<< ", b">>>>>>> ")) or line == b"=======":
                markers.append(f"{name}:{number}")
    assert markers == []
