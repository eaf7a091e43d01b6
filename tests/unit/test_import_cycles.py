"""No import cycles among the modules of `desk`, found with grimp (import-linter's graph).

Every import counts, at the top of a module, inside a function or under TYPE_CHECKING:
each one means a reader of either module must know the other. A cycle is reported as
its group of modules with one loop through them.

`python -m tests.unit.test_import_cycles ui` lists the cycles of another package.
"""

from __future__ import annotations

import sys

import grimp
import pytest


def import_graph(package: str) -> grimp.ImportGraph:
    return grimp.build_graph(package, cache_dir=None)  # no cache folder in the tree


def import_cycles(graph: grimp.ImportGraph) -> list[list[str]]:
    """The groups of modules that import each other (strongly connected, two or more)."""
    order: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    groups: list[list[str]] = []

    def visit(module: str) -> None:  # Tarjan's algorithm
        order[module] = low[module] = len(order)
        stack.append(module)
        for imported in sorted(graph.find_modules_directly_imported_by(module)):
            if imported not in order:
                visit(imported)
                low[module] = min(low[module], low[imported])
            elif imported in stack:
                low[module] = min(low[module], order[imported])
        if low[module] == order[module]:
            group = stack[stack.index(module) :]
            del stack[stack.index(module) :]
            if len(group) > 1:
                groups.append(sorted(group))

    for module in sorted(graph.modules):
        if module not in order:
            visit(module)
    return sorted(groups)


def describe(graph: grimp.ImportGraph, group: list[str]) -> str:
    """The group and one loop through it, as `a -> b -> ... -> a`."""
    first = group[0]
    back = next(m for m in sorted(graph.find_modules_that_directly_import(first)) if m in group)
    there = graph.find_shortest_chain(importer=first, imported=back) or (first,)
    return f"{', '.join(group)}: {' -> '.join((*there, first))}"


@pytest.mark.parametrize("package", ["desk", "ui", "desk_resources"])
def test_no_import_cycles(package: str) -> None:
    graph = import_graph(package)
    cycles = [describe(graph, group) for group in import_cycles(graph)]
    assert cycles == []


if __name__ == "__main__":
    for name in sys.argv[1:] or ["desk"]:
        graph = import_graph(name)
        found = import_cycles(graph)
        print(f"{name}: {len(found)} cycle(s)")
        for group in found:
            print("  " + describe(graph, group))
