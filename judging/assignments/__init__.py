"""The judge pool, conflicts of interest, and the assignment of projects to judges per round.

Modules, each importing only modules on its line or above:

* ``tables``, ``schemas``: the Piccolo tables; what comes in and goes out.
* ``solver`` (a package), ``conflicts``, ``planning``: pure rules and the solver; no database.
  ``solver_csv``: the CSV files of the ``judging assign`` command.
* ``scorecards``: the lookups by which reviews, above, gives the scorecards of a round's pairs.
* ``access``: what a judge may see. ``judge_imports``: the judge pool imported from a file.
* ``judges``: the judge pool: profiles, how they read, invitations.
* ``rounds``: a round's state as stored, and the writes shared by every change to it.
* ``reassignment``: drop-outs and conflicts: remove pairs, then refill with the solver.
* ``profile_edits``: a judge's profile edited, with the reassignment it may call for.
* ``declared_conflicts``: conflicts of interest recorded, listed and removed.
* ``services``: a round's assignment: preview and commit, one pair added or removed by hand.
* ``views``: what the pages and the API show, built from the services' answers (pure).
* ``guards``, ``outcome_notice``: who may do what; what a change did, said once on the next page.
* ``pool_controllers``, ``conflict_controllers``, ``round_controllers``: the HTTP edge of the
  judge pool, of conflicts of interest and of a round's assignment. ``cli``: the command line.
"""
