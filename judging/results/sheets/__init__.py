"""A round's score sheet and the scoring module's ranking of it: what the organizers' ranking,
publication and the live leaderboard all start from.

* ``score_sheet``: the counted scorecards of a round in the long form the scoring module
  reads, the projects taking part, and every input row with its fingerprint.
* ``round_ranking``: the ranking the scoring module computes from a sheet.
"""
