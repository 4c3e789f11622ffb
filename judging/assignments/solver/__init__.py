"""Exact judge assignment as a min-cost flow.

Pure package: no database, no HTTP, no file I/O. Give it projects (submissions),
judges, the number of judges each project needs, declared conflicts and the pairs
that already exist and must be kept; it returns the assignment that

1. gives every project exactly ``per_submission`` distinct judges, never pairs a
   project with a conflicted judge or a judge of the same (non-empty)
   organization, and never pushes a judge above ``max_load``;
2. among those, has the most (project, judge) pairs where the project's track is
   one of the judge's tracks (expertise matches);
3. among those, has the smallest sum over judges of (total load)².

The model, the proof that it is exact and the tie-breaking rule are written up in
``docs/assignment.md``.

Modules, each importing only modules above it:

* ``model``: what goes in and out (``Project``, ``Judge``, ``Pair``, ``AssignmentPlan``,
  ``InfeasibilityReport``, ``PairIssue``) and the errors.
* ``inputs``: the input checked and put in canonical order, as arrays (``Instance``).
* ``flow``: the min-cost flow of the optimum and the maximum flow of a shortfall.
* ``reasons``: why no assignment exists, in numbers and sentences.
* ``exact``: :func:`~judging.assignments.solver.exact.solve`, the public entry point.
* ``pair_check``: :func:`~judging.assignments.solver.pair_check.check_pair`, the rules for
  one pair added by hand.
"""
