"""The live leaderboard of a round: what the big screen shows while judges score a final, and
the organizers' controls (make the board public, reveal the totals).

Modules, each importing only modules on its line or above:

* ``schemas``: what a screen receives; the options the organizer controls.
* ``state``: the board at one moment, computed from its inputs (pure) and loaded.
* ``access``: who may watch.
* ``channels``: changes announced on the round's channel (and heard as events from the rest
  of the platform); the feeds that keep every screen current; the channels plugin.
* ``options``: the organizer's controls, audited and announced.
* ``controllers``: the big screen, its event stream and JSON, the control panel.

Importing ``channels`` subscribes the board to the events it listens to (:mod:`judging.events`).
"""
