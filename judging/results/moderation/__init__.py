"""Organizers moderate scorecards: leave one out of the ranking (and count it again), or send
it back to its judge for re-scoring.

* ``schemas``: what comes in and goes out.
* ``services``: the changes, each a compare-and-set on the card with its audit event.
* ``controllers``: the project page's forms (a refused one shows the ranking's project page
  again) and the JSON API.
"""
