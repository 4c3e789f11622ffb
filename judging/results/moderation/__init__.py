"""Organizers moderate scorecards: leave one out of the ranking, count it again, or send it
back to its judge."""
