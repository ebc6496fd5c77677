"""Count of generated examples each differential check ran, per operation."""

from __future__ import annotations

from collections import Counter

EXAMPLE_COUNTS: Counter[tuple[str, str]] = Counter()
"""Examples run, keyed by (check, operation name)."""


def count_example(check: str, operation: str) -> None:
    EXAMPLE_COUNTS[(check, operation)] += 1


def format_counts(counts: Counter[tuple[str, str]]) -> str:
    """Render the counts as a table: one row per operation, one column per check."""
    checks = sorted({check for check, _ in counts})
    operations = sorted({operation for _, operation in counts})
    width = max(len(name) for name in [*operations, "operation", "total"])
    header = "operation".ljust(width) + "".join(f"{c:>12}" for c in checks)
    lines = [header]
    for operation in operations:
        cells = "".join(f"{counts[(c, operation)]:>12}" for c in checks)
        lines.append(operation.ljust(width) + cells)
    totals = "".join(
        f"{sum(n for (c, _), n in counts.items() if c == check):>12}"
        for check in checks
    )
    lines.append("total".ljust(width) + totals)
    lines.append(
        f"{len(operations)} operations, {sum(counts.values())} examples in all"
    )
    return "\n".join(lines)
