"""The application form: the questions an organizer asks of every project, and the answers.

A competition's questions (optionally narrowed to one track) say what they ask, in both
languages, and who may read the answers. The types answers are checked with are built from
the questions (:mod:`judging.applications.answers`), never written per question; the answers
themselves are stored on the project (the submissions domain above), so its versions, locks
and audit trail hold for them as for every other field.
"""
