"""Results: what becomes of a round's scorecards.

Packages, each importing only the packages below it (``make lint`` checks it):

* ``live``: the live leaderboard of a final and the organizers' controls of it.
  ``advancement``: the best projects admitted into a later round.
  ``moderation``: scorecards left out of the ranking or sent back to their judges.
  (These three import nothing of each other.)
* ``ranking``: the organizers' workbench: the ranking, a policy's preview, each project's
  scores in full, the judges' calibration.
* ``publication``: published rankings (immutable snapshots), their withdrawal, the public's
  and each entrant's results.
* ``sheets``: a round's score sheet and the scoring module's ranking of it, the start of all.

Changes the live board must hear of travel as events (:mod:`judging.events`), never as an
upward import.
"""
