"""The single error type raised for bad scoring input.

Every problem with the data handed to :mod:`scoring` (a malformed rubric, a
score outside its criterion's range, a duplicate row, a missing column, ...)
is reported as a :class:`ScoringInputError`.  The CLI turns it into one line on
stderr and exit status 2.
"""

from __future__ import annotations

__all__ = ["ScoringInputError"]


class ScoringInputError(ValueError):
    """Bad input to the scoring module.

    Parameters
    ----------
    message : str
        What is wrong, in words an organizer can act on.
    row : int, optional
        The offending row, numbered like a CSV line: the header is line 1, so
        the first data row is 2.  For a DataFrame this is ``position + 2``
        (its position in the frame, not its index label), which is exactly the
        line number once the frame is written with ``to_csv(index=False)``.
    source : str, optional
        Where the data came from (a file name), added by the CLI.

    Notes
    -----
    ``str(error)`` renders ``"<source>, line <row>: <message>"``, leaving out
    the parts that are unknown.
    """

    def __init__(self, message: str, row: int | None = None, source: str | None = None):
        super().__init__(message)
        self.message = message
        self.row = row
        self.source = source

    def with_source(self, source: str) -> ScoringInputError:
        """Return a copy of this error that names ``source``."""
        return ScoringInputError(self.message, row=self.row, source=source)

    def __str__(self) -> str:
        where = []
        if self.source is not None:
            where.append(self.source)
        if self.row is not None:
            where.append(f"line {self.row}")
        return f"{', '.join(where)}: {self.message}" if where else self.message

    def __reduce__(self):  # keep pickling (multiprocessing, test runners) working
        return (type(self), (self.message, self.row, self.source))
