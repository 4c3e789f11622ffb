"""Rule 7: who advances to the next round, per track.

Each track offers ``slots`` places: ``top_n``, or ``ceil(top_percent / 100 *
n_ranked)`` where ``n_ranked`` counts the track's ranked submissions.  Going
down the track ranking, a group of submissions sharing a ``track_rank``
advances when the whole group fits in the slots.  The group that straddles the
cut (its rank is within the slots but its last member is not) is reported as
``tied_at_cut`` together with the number of places left for it: it is never
broken silently.  Unranked submissions (too few judges) cannot advance.
"""

from __future__ import annotations

import math
import numbers
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .errors import ScoringInputError

__all__ = ["STATUSES", "AdvancementResult", "advance"]

#: Values of the ``status`` column.
STATUSES = ("advances", "tied_at_cut", "eliminated", "unranked")


@dataclass(frozen=True, eq=False)
class AdvancementResult:
    """Outcome of :func:`advance`.

    Attributes
    ----------
    table : DataFrame
        The input rows (same order) with ``submission_id, track, track_rank``
        and ``status``: one of ``advances``, ``tied_at_cut``, ``eliminated``,
        ``unranked``.
    tracks : DataFrame
        Per track (missing track is a track of its own): ``track, n_ranked,
        slots, n_advancing, n_tied`` and ``open_slots`` (places left for the
        tied group, 0 when nobody is tied).
    """

    table: pd.DataFrame
    tracks: pd.DataFrame

    @property
    def advancing(self) -> pd.DataFrame:
        """Rows whose status is ``advances``."""
        return self.table[self.table["status"] == "advances"]

    @property
    def tied(self) -> pd.DataFrame:
        """Rows whose status is ``tied_at_cut``."""
        return self.table[self.table["status"] == "tied_at_cut"]


def _slots(n_ranked: int, top_n: int | None, top_percent: float | None) -> int:
    if top_n is not None:
        return top_n
    # Round away floating-point noise (e.g. 7 * 100 / 100) before the ceiling.
    return math.ceil(round(top_percent * n_ranked / 100.0, 9))


def advance(
    table: pd.DataFrame, top_n: int | None = None, top_percent: float | None = None
) -> AdvancementResult:
    """Select the submissions that advance in each track.

    Parameters
    ----------
    table : DataFrame or RankingResult
        :attr:`scoring.RankingResult.table` (needs ``submission_id``, ``track``
        and ``track_rank``).
    top_n : int, optional
        Places per track (``>= 0``).
    top_percent : float, optional
        Share of each track's ranked submissions, ``0 < top_percent <= 100``;
        places = ``ceil(top_percent / 100 * n_ranked)``.  Give exactly one of
        ``top_n`` and ``top_percent``.

    Returns
    -------
    AdvancementResult

    Raises
    ------
    ScoringInputError
        For a missing column or invalid ``top_n`` / ``top_percent``.
    """
    table = getattr(table, "table", table)
    if not isinstance(table, pd.DataFrame):
        raise ScoringInputError("advance needs the ranking table (a DataFrame)")
    missing = [c for c in ("submission_id", "track", "track_rank") if c not in table.columns]
    if missing:
        raise ScoringInputError(f"ranking table lacks column {', '.join(map(repr, missing))}")
    if (top_n is None) == (top_percent is None):
        raise ScoringInputError("give exactly one of top_n and top_percent")
    if top_n is not None and (
        isinstance(top_n, bool) or not isinstance(top_n, numbers.Integral) or top_n < 0
    ):
        raise ScoringInputError(f"top_n must be an integer >= 0, got {top_n!r}")
    if top_percent is not None and (
        isinstance(top_percent, bool)
        or not isinstance(top_percent, numbers.Real)
        or not 0 < top_percent <= 100
    ):
        raise ScoringInputError(f"top_percent must be in (0, 100], got {top_percent!r}")

    out = table[["submission_id", "track", "track_rank"]].reset_index(drop=True)
    ranks = pd.array(out["track_rank"], dtype="Int64")
    ranked = ~np.asarray(ranks.isna())
    rank_values = np.asarray(ranks.fillna(0), dtype=np.int64)
    track_codes, track_labels = pd.factorize(out["track"], use_na_sentinel=False)
    track_codes = np.asarray(track_codes)

    status = np.full(len(out), "unranked", dtype=object)
    summary = []
    for code, label in enumerate(track_labels):
        members = np.flatnonzero((track_codes == code) & ranked)
        n_ranked = len(members)
        slots = _slots(n_ranked, top_n, top_percent)
        r = rank_values[members]
        group_size = pd.Series(r).map(pd.Series(r).value_counts()).to_numpy()
        last = r + group_size - 1
        fits = last <= slots
        straddles = ~fits & (r <= slots)
        status[members] = np.where(
            fits, "advances", np.where(straddles, "tied_at_cut", "eliminated")
        )
        n_advancing, n_tied = int(fits.sum()), int(straddles.sum())
        summary.append(
            {
                "track": label,
                "n_ranked": n_ranked,
                "slots": slots,
                "n_advancing": n_advancing,
                "n_tied": n_tied,
                "open_slots": slots - n_advancing if n_tied else 0,
            }
        )
    out["status"] = status
    tracks = pd.DataFrame(
        summary, columns=["track", "n_ranked", "slots", "n_advancing", "n_tied", "open_slots"]
    )
    return AdvancementResult(table=out, tracks=tracks)
