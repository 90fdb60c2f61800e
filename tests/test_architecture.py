"""The package's layers (ARCHITECTURE.md): imports point one way, down the layers, with no cycles, and every
import of the package's own modules is at the top of the module, where a reader looks for it."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "nhs_industry"
# Lowest first: a module may import from its own layer and from the layers before it, never from those after.
LAYERS = ["", "model", "content", "site", "commands"]  # "" is the package's top: paths.py, and __main__.py on top


def layer_of(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 2 else ""


def module_name(path: Path, package: Path) -> str:
    relative = path.relative_to(package.parent).with_suffix("")
    return ".".join(relative.parts[:-1] if relative.name == "__init__" else relative.parts)


def internal_imports(path: Path, root: Path) -> list[tuple[str, int, bool]]:
    """(module imported, line, at top level) for each import of the package's own modules."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = module_name(path, root) if path.name == "__init__.py" else module_name(path, root).rpartition(".")[0]
    top = set(map(id, tree.body))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.level:
            base = package.split(".")[: len(package.split(".")) - node.level + 1]
            stem = ".".join(base + ([node.module] if node.module else []))
            for alias in node.names:
                target = f"{stem}.{alias.name}"
                is_module = (root.parent / Path(*target.split("."))).with_suffix(".py").exists()
                found.append((target if is_module else stem, node.lineno, id(node) in top))
        elif isinstance(node, ast.Import | ast.ImportFrom):
            names = [node.module] if isinstance(node, ast.ImportFrom) else [a.name for a in node.names]
            found += [(name, node.lineno, id(node) in top) for name in names if name and name.startswith("nhs_industry")]
    return found


def graph(package: Path = PACKAGE) -> dict[str, list[tuple[str, int, bool]]]:
    return {module_name(p, package): internal_imports(p, package) for p in sorted(package.rglob("*.py"))}


def layering_problems(imports: dict[str, list[tuple[str, int, bool]]]) -> list[str]:
    problems = []
    for module, targets in imports.items():
        if module == "nhs_industry.__main__":
            continue  # `python -m nhs_industry` starts the command line: the one import from the top down
        for target, line, at_top in targets:
            if LAYERS.index(layer_of(target)) > LAYERS.index(layer_of(module)):
                problems.append(f"{module} (line {line}) imports {target}, a layer above it")
            if not at_top:
                problems.append(f"{module} (line {line}) imports {target} inside a function")
    return problems


def cycles(imports: dict[str, list[tuple[str, int, bool]]]) -> list[list[str]]:
    edges = {m: sorted({t for t, _, _ in ts if t in imports and t != m and not t.endswith("__init__")}) for m, ts in imports.items()}
    found, state = [], {}

    def visit(node: str, trail: list[str]) -> None:
        state[node] = "open"
        for nxt in edges.get(node, []):
            if state.get(nxt) == "open":
                found.append(trail[trail.index(nxt) :] + [nxt])
            elif nxt not in state:
                visit(nxt, trail + [nxt])
        state[node] = "done"

    for module in edges:
        if module not in state:
            visit(module, [module])
    return found


def test_imports_point_down_the_layers_and_sit_at_the_top():
    assert layering_problems(graph()) == []


def test_no_module_imports_itself_back_through_others():
    assert cycles(graph()) == []


def test_every_module_sits_in_a_layer():
    # At the top, beside the layers: where things are (paths.py) and the one way to ask git (git.py).
    loose = [p.name for p in PACKAGE.glob("*.py") if p.name not in ("__init__.py", "__main__.py", "paths.py", "git.py")]
    assert loose == [], "put each module in model/, content/, site/ or commands/ (ARCHITECTURE.md)"


BOOK = PACKAGE.parents[1] / "book"
CHAPTER_IMPORT = re.compile(r"^\s*(?:from|import)\s+(nhs_industry(?:\.\w+)*)", re.M)


def chapter_layers(text: str) -> set[str]:
    """The package's layers a chapter's code imports from ('' for the package's top)."""
    return {(module.split(".") + [""])[1] for module in CHAPTER_IMPORT.findall(text)}


def test_chapters_import_only_from_the_model_and_the_content():
    """A chapter loads, selects and draws: it reads the model and the content made from it, never the build, the
    Sphinx glue or the command line (a chapter that imported site/ would run the build's code inside the build)."""
    wrong = {
        chapter.relative_to(BOOK).as_posix(): sorted(chapter_layers(chapter.read_text(encoding="utf-8")) - {"model", "content"})
        for chapter in BOOK.rglob("*.md")
    }
    assert {name: layers for name, layers in wrong.items() if layers} == {}
    assert chapter_layers("from nhs_industry.site import build\nfrom nhs_industry.model import data") == {"site", "model"}


@pytest.mark.parametrize("broken", ["upward", "inside", "cycle"])
def test_the_checks_catch_each_kind_of_mistake(tmp_path, broken):
    package = tmp_path / "nhs_industry"
    for folder in ("model", "content"):
        (package / folder).mkdir(parents=True)
        (package / folder / "__init__.py").write_text("")
    (package / "__init__.py").write_text("")
    (package / "model" / "a.py").write_text(
        {"upward": "from ..content import b\n", "inside": "def f():\n    from . import c\n", "cycle": "from . import c\n"}[broken]
    )
    (package / "model" / "c.py").write_text("from . import a\n" if broken == "cycle" else "")
    (package / "content" / "b.py").write_text("from ..model import a\n")
    imports = graph(package)
    if broken == "cycle":
        assert cycles(imports)
    else:
        assert layering_problems(imports)
