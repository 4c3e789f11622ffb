"""A round's ranking as the organizers read it: the board with another policy's preview beside
it, each project's scorecards in full, the judges' calibration; and adopting a policy.

Modules, each importing only modules on its line or above:

* ``schemas``: what comes in and goes out.
* ``charts``: SVG charts (pure). ``board``, ``calibration``: the board and the calibration
  numbers and charts of a ranking (pure).
* ``computed``: a round's computed results, kept in the shared store until their inputs change.
* ``services``: the workbench: the ranking (and a preview), one project's breakdown, the
  calibration with judges' names, adopting a policy (refused once published).
* ``deps``, ``controllers``: the store as a dependency; the organizers' pages and JSON API.
"""
