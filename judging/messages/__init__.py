"""Organizers' messages to entrants and judges: a bilingual text with placeholders, sent to a
segment (entrants by track, status, round or what their application still lacks; judges with
work left), previewed for one recipient, queued in the outbox, and kept with its recipients.

Above results in the layers: a segment reads projects, answers, files and judging progress.
"""
