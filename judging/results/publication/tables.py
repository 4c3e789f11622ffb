"""Tables of publication: published rankings and their withdrawals from public view."""

from piccolo.columns import JSON, ForeignKey, Integer, Text, Timestamptz, Varchar
from piccolo.columns.base import OnDelete
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table

from judging.accounts.tables import Account
from judging.competitions.tables import Round


class RankingSnapshot(Table, tablename="ranking_snapshot"):
    """A published ranking: immutable, numbered per round, with its exact inputs and a hash.

    ``scores_csv`` and ``rubric_json`` are what ``python -m scoring rank`` needs to recompute
    ``ranking_csv`` exactly; ``content_hash`` is the SHA-256 of all inputs and the output.
    """

    round = ForeignKey(references=Round, on_delete=OnDelete.cascade, index=True, null=False)
    version = Integer()
    policy = JSON()
    rubric_json = Text()
    scores_csv = Text()
    ranking_csv = Text()
    content_hash = Varchar(length=64)
    published_by = ForeignKey(references=Account, null=True)
    published_at = Timestamptz(default=TimestamptzNow())
    # What the pages show beside the numbers (titles, teams, track, round and competition
    # names), frozen at publication so later edits change no published page, file or board
    # (see judging.results.publication.shown). Empty for versions published before.
    shown_json = Text(default="")


class PublicationWithdrawal(Table, tablename="publication_withdrawal"):
    """A published version withdrawn from public view, and why: inserted once, never changed.

    The snapshot itself stays exactly as published (snapshots are never updated); its public
    page and API say it was withdrawn, when and why, instead of showing the ranking.
    """

    snapshot = ForeignKey(
        references=RankingSnapshot, on_delete=OnDelete.cascade, unique=True, null=False
    )
    reason = Text()
    withdrawn_by = ForeignKey(references=Account, null=True)
    withdrawn_at = Timestamptz(default=TimestamptzNow())
