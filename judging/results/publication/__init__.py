"""Publication: a round's ranking published as immutable, numbered snapshots, withdrawn from
public view when needed, and read by the public and by each entrant.

Modules, each importing only modules on its line or above:

* ``tables``, ``schemas``: snapshots and withdrawals; what comes in and goes out.
* ``exports``, ``snapshots``: a version's files; its texts, hash, command and verification.
* ``shown``: what the pages show beside the numbers, frozen at publication.
* ``services``: publishing (with its preview and result mails); the versions for organizers.
* ``withdrawal``: a version withdrawn from public view.
* ``public_results``, ``entrant_results``: what the public and an entrant read.
* ``controllers``, ``public_controllers``, ``entrant_controllers``: the HTTP edge for
  organizers, for everyone, for a project's owner; ``public_competition_controllers``: a
  competition's public page, each round linked to its published results.
"""
