"""Rules of the dashboards that need neither the database nor a request (pure functions).

Small groups (docs/methodology.md "Aggregates": figures never single out an agent). In what
delegates, officials and department heads see and export, a role or a service with fewer agents
than ``MethodSettings.small_group_threshold`` (default 3) is *folded*: its figures are merged
into one "Autres postes" / "Autres services" row (headcount-weighted means), and its own page
is refused. The rule is applied at three levels, each within its parent:

1. directorates of the collectivité, services of each directorate, roles of each service whose
   headcount is above 0 and below the threshold are folded ("primary" folding);
2. when what a parent folds adds up to fewer agents than the threshold, its smallest other
   children are folded too until the merged row reaches the threshold ("secondary" folding):
   otherwise the parent's total minus its shown children would give the small group away;
3. a folded directorate folds all its services, and a folded service all its roles, so that a
   folded group cannot be rebuilt from its children's pages.

Administrators see every group. Comparisons between campaigns fold a group folded in either
campaign, again with secondary folding, so that neither side gives a small group away.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Hashable, Iterable, Mapping
from dataclasses import dataclass

from impact.scoring import DEPLOYABLE, FREED_HOURS

WEIGHTED = ("alpha", "beta", "zeta", "mean", "sd", "auto", "aug", "low", "none", *DEPLOYABLE)
SUMMED = ("fte", "hours", *FREED_HOURS, "exposed_time_share", "exposed_agents")


@dataclass(frozen=True)
class Member:
    """One scored role of a campaign: its RoleScore id, service, directorate and headcount."""

    role: int
    service: int
    directorate: int
    headcount: int


@dataclass(frozen=True)
class FoldPlan:
    """The groups of one campaign that persons other than administrators never see alone."""

    threshold: int
    directorates: frozenset = frozenset()
    services: frozenset = frozenset()
    roles: frozenset = frozenset()

    @property
    def is_empty(self) -> bool:
        return not (self.directorates or self.services or self.roles)


NO_FOLDING = FoldPlan(threshold=0)


def folded_children(sizes: Mapping[Hashable, int], threshold: int) -> set:
    """The children of one parent to fold, given their headcounts (rules 1 and 2 above).

    Children with no agent single nobody out and are never folded; secondary folding takes
    the smallest remaining children first (ties broken by key, for a stable result).
    """
    folded = {key for key, size in sizes.items() if 0 < size < threshold}
    if not folded:
        return set()
    total = sum(sizes[key] for key in folded)
    others = sorted(
        (key for key, size in sizes.items() if key not in folded and size > 0),
        key=lambda key: (sizes[key], str(key)),
    )
    for key in others:
        if total >= threshold:
            break
        folded.add(key)
        total += sizes[key]
    return folded


def fold_plan(members: Iterable[Member], threshold: int) -> FoldPlan:
    """The folded directorates, services and roles of a campaign (rules 1 to 3)."""
    members = list(members)
    directorate_sizes: dict[int, int] = {}
    service_sizes: dict[int, dict[int, int]] = {}
    role_sizes: dict[int, dict[int, int]] = {}
    for m in members:
        directorate_sizes[m.directorate] = directorate_sizes.get(m.directorate, 0) + m.headcount
        by_service = service_sizes.setdefault(m.directorate, {})
        by_service[m.service] = by_service.get(m.service, 0) + m.headcount
        role_sizes.setdefault(m.service, {})[m.role] = m.headcount
    directorates = folded_children(directorate_sizes, threshold)
    services: set[int] = set()
    for directorate, sizes in service_sizes.items():
        services |= set(sizes) if directorate in directorates else folded_children(sizes, threshold)
    roles: set[int] = set()
    for service, sizes in role_sizes.items():
        roles |= set(sizes) if service in services else folded_children(sizes, threshold)
    return FoldPlan(threshold, frozenset(directorates), frozenset(services), frozenset(roles))


def merge_rows(rows: list[dict]) -> dict:
    """One row for several groups or roles: headcount-weighted means of the shares (alpha,
    beta, ... deployable beta), sums of headcount, FTE, hours and exposed time, and ``count``
    (how many rows were merged). Percentiles and ILO classes cannot be merged: left out."""
    headcount = sum(row.get("headcount") or 0 for row in rows)
    merged: dict = {"headcount": headcount, "count": len(rows)}
    merged["n_roles"] = sum(row.get("n_roles", 1) or 0 for row in rows)
    for name in WEIGHTED:
        known = [row for row in rows if row.get(name) is not None]
        weight = sum(row.get("headcount") or 0 for row in known)
        merged[name] = (
            sum(row[name] * (row.get("headcount") or 0) for row in known) / weight
            if weight
            else None
        )
    for name in SUMMED:
        values = [row[name] for row in rows if row.get(name) is not None]
        merged[name] = sum(values) if values else None
    return merged


def fold_rows(
    rows: list[dict], hidden: Collection, key: str, labels: Mapping[str, str]
) -> list[dict]:
    """The visible rows in their order, then one merged row for the hidden ones (if any),
    flagged ``is_other`` and labelled with ``labels`` (e.g. {"service": "Autres services"})."""
    shown = [row for row in rows if row[key] not in hidden]
    folded = [row for row in rows if row[key] in hidden]
    if not folded:
        return shown
    return [*shown, merge_rows(folded) | dict(labels) | {key: None, "is_other": True}]


# Comparisons between two campaigns --------------------------------------------------------


def match(
    before: list[dict], after: list[dict], key: Callable[[dict], Hashable]
) -> list[tuple[Hashable, dict | None, dict | None]]:
    """Rows of two campaigns paired by ``key`` (names): (key, before row, after row), in the
    order of the later campaign, then the rows that disappeared; a missing side is None."""
    old = {key(row): row for row in before}
    new = {key(row): row for row in after}
    keys = list(new) + [k for k in old if k not in new]
    return [(k, old.get(k), new.get(k)) for k in keys]


def fold_pairs(
    pairs: list[tuple[Hashable, dict | None, dict | None]],
    hidden: set,
    threshold: int,
) -> tuple[list[tuple], tuple[dict | None, dict | None] | None]:
    """Apply folding to matched rows: a key hidden in either campaign is hidden on both sides,
    then secondary folding until the merged rows of each side reach the threshold (or are
    empty). Returns the visible pairs and the merged (before, after) rows, or None."""
    hidden = set(hidden)

    def folded_total(side: int) -> int:
        return sum((p[side] or {}).get("headcount") or 0 for p in pairs if p[0] in hidden)

    def size(pair) -> int:
        return min((row or {}).get("headcount") or 0 for row in pair[1:])

    candidates = sorted(
        (p for p in pairs if p[0] not in hidden), key=lambda p: (size(p), str(p[0]))
    )
    for pair in candidates:
        if not hidden or all(folded_total(s) == 0 or folded_total(s) >= threshold for s in (1, 2)):
            break
        hidden.add(pair[0])
    shown = [p for p in pairs if p[0] not in hidden]
    folded = [p for p in pairs if p[0] in hidden]
    if not folded:
        return shown, None
    sides = [[p[side] for p in folded if p[side] is not None] for side in (1, 2)]
    return shown, tuple(merge_rows(rows) if rows else None for rows in sides)


def delta(after, before) -> float | None:
    """after - before, or None when either is missing."""
    if after is None or before is None:
        return None
    return after - before
