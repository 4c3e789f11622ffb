"""The two flow networks of the solver, built from an :class:`Instance` and solved with
OR-Tools: the min-cost flow whose optimum is the lexicographic one, and the maximum flow
whose minimum cut explains a shortfall. The proof is in ``docs/assignment.md``."""

from __future__ import annotations

import numpy as np
from ortools.graph.python import max_flow, min_cost_flow

from judging.assignments.solver.inputs import Instance
from judging.assignments.solver.model import AssignmentInputError

_INT64_MAX = 2**63 - 1


def _unit_arc_costs(instance: Instance, room: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Judge index and cost of each unit arc judge -> sink.

    The l-th new project of judge j raises its total load from f+l-1 to f+l, so
    the sum of squares grows by (f+l)² - (f+l-1)² = 2(f+l) - 1: convex and
    increasing, hence the flow fills each judge's cheapest arcs first and the
    flow cost equals the sum of squares up to a constant.
    """
    judge_of_arc = np.repeat(np.arange(len(room), dtype=np.int64), room)
    starts = np.repeat(np.cumsum(room) - room, room)
    step = np.arange(len(judge_of_arc), dtype=np.int64) - starts + 1
    return judge_of_arc, 2 * (instance.fixed_load[judge_of_arc] + step) - 1


def min_cost_assignment(instance: Instance) -> np.ndarray | None:
    """Boolean P x J mask of the new pairs of the optimum, or None if infeasible.

    Graph: source -> project (cap need) -> judge (cap 1; cost 0 for an
    expertise match, BIG otherwise) -> sink via unit arcs of the marginal
    load-squared cost. With BIG = spread + 1, where spread is the largest minus
    the smallest unit-arc cost, the scalar optimum is the lexicographic one:
    every simple residual cycle passes the sink at most once, so it changes the
    load cost by at most ``spread`` while any change in matches costs at least
    BIG (proof in docs/assignment.md).
    """
    n_p, n_j = len(instance.project_ids), len(instance.judge_ids)
    required = instance.required
    if required == 0:
        return np.zeros((n_p, n_j), dtype=bool)
    open_pairs = instance.open_eligible()
    room = instance.usable_room()
    judge_of_unit, unit_cost = _unit_arc_costs(instance, room)
    if len(unit_cost) == 0:
        return None
    # Every feasible flow uses exactly `required` unit arcs, so shifting them all
    # by the same constant changes no comparison and keeps costs small.
    unit_cost = unit_cost - unit_cost.min()
    big = int(unit_cost.max()) + 1
    n_nodes = n_p + n_j + 2
    # OR-Tools multiplies costs by (n+1) internally; its docs guarantee no overflow
    # when every |cost| < INT64_MAX / (2 n²). BIG <= 2 * n_projects keeps that true
    # up to roughly a million nodes.
    if big * 2 * n_nodes * n_nodes >= _INT64_MAX:
        raise AssignmentInputError(
            "instance_too_large",
            f"{n_p} projects x {n_j} judges is too large for exact int64 costs.",
        )

    source, sink = 0, n_nodes - 1
    projects = np.flatnonzero(instance.need > 0)
    pair_p, pair_j = np.nonzero(open_pairs)  # row-major, i.e. canonical order
    pair_cost = np.where(instance.match[pair_p, pair_j], 0, big)
    units = len(unit_cost)
    # Arc order: source arcs, pair arcs, unit arcs; pair arcs start at len(projects).
    tails = np.concatenate([np.full(len(projects), source), 1 + pair_p, 1 + n_p + judge_of_unit])
    heads = np.concatenate([1 + projects, 1 + n_p + pair_j, np.full(units, sink)])
    capacities = np.concatenate(
        [instance.need[projects], np.ones(len(pair_p) + units, dtype=np.int64)]
    )
    costs = np.concatenate([np.zeros(len(projects), dtype=np.int64), pair_cost, unit_cost])

    flow = min_cost_flow.SimpleMinCostFlow()
    flow.add_arcs_with_capacity_and_unit_cost(
        tails.astype(np.int32),
        heads.astype(np.int32),
        capacities.astype(np.int64),
        costs.astype(np.int64),
    )
    flow.set_node_supply(source, required)
    flow.set_node_supply(sink, -required)
    status = flow.solve()
    if status == flow.INFEASIBLE:
        return None
    if status != flow.OPTIMAL:
        raise RuntimeError(f"OR-Tools min-cost flow failed with status {status!r}.")
    first = len(projects)
    used = flow.flows(np.arange(first, first + len(pair_p), dtype=np.int32)) > 0
    mask = np.zeros((n_p, n_j), dtype=bool)
    mask[pair_p[used], pair_j[used]] = True
    return mask


def max_flow_with_cut(instance: Instance) -> tuple[int, list[int]]:
    """Maximum number of new pairs and the source side of a minimum cut."""
    n_p, n_j = len(instance.project_ids), len(instance.judge_ids)
    source, sink = 0, n_p + n_j + 1
    projects = np.flatnonzero(instance.need > 0)
    pair_p, pair_j = np.nonzero(instance.open_eligible())
    room = instance.usable_room()
    judges = np.flatnonzero(room > 0)
    tails = np.concatenate([np.full(len(projects), source), 1 + pair_p, 1 + n_p + judges])
    heads = np.concatenate([1 + projects, 1 + n_p + pair_j, np.full(len(judges), sink)])
    capacities = np.concatenate(
        [instance.need[projects], np.ones(len(pair_p), dtype=np.int64), room[judges]]
    )
    flow = max_flow.SimpleMaxFlow()
    if len(tails) == 0:
        return 0, [source]
    flow.add_arcs_with_capacity(
        tails.astype(np.int32), heads.astype(np.int32), capacities.astype(np.int64)
    )
    if flow.solve(source, sink) != flow.OPTIMAL:
        raise RuntimeError("OR-Tools max flow failed.")
    return int(flow.optimal_flow()), sorted(flow.get_source_side_min_cut())
