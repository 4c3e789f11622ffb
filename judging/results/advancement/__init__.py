"""Advancing each track's best projects of a round into a later round; the admissions are
:class:`judging.submissions.tables.Advancement` rows, which decide who takes part there.

* ``schemas``: what comes in and goes out.
* ``services``: the cut (a tie at it resolved by the organizer), its preview, the commit with
  its mails, and withdrawing an advancement.
* ``controllers``: the advancement page and the JSON API.
"""
