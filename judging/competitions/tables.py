"""Tables of the competitions domain: the competition, its tracks, rounds, rubrics and people."""

from piccolo.columns import (
    Boolean,
    Float,
    ForeignKey,
    Integer,
    Text,
    Timestamptz,
    Varchar,
)
from piccolo.columns.base import OnDelete
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table

from judging.accounts.tables import Account


class Competition(Table, tablename="competition"):
    """A competition such as "China Gate Master 2021", with bilingual texts and a time zone."""

    slug = Varchar(length=80, unique=True)
    name_en = Varchar(length=200)
    name_zh = Varchar(length=200)
    description_en = Text(default="")
    description_zh = Text(default="")
    timezone = Varchar(length=64, default="Asia/Shanghai")
    is_public = Boolean(default=True)
    created_at = Timestamptz(default=TimestamptzNow())


class Track(Table, tablename="track"):
    """A track of a competition, e.g. artificial intelligence or biomedicine."""

    competition = ForeignKey(references=Competition, on_delete=OnDelete.cascade, null=False)
    key = Varchar(length=40)
    name_en = Varchar(length=200)
    name_zh = Varchar(length=200)
    position = Integer(default=0)


class Round(Table, tablename="round"):
    """A judging round with its windows, panel size, blindness and scoring policy.

    Times are stored in UTC and shown in the competition's time zone.
    """

    competition = ForeignKey(references=Competition, on_delete=OnDelete.cascade, null=False)
    name_en = Varchar(length=200)
    name_zh = Varchar(length=200)
    position = Integer(default=1)
    submission_opens_at = Timestamptz(null=True, default=None)
    submission_closes_at = Timestamptz(null=True, default=None)
    judging_opens_at = Timestamptz(null=True, default=None)
    judging_closes_at = Timestamptz(null=True, default=None)
    judges_per_submission = Integer(default=3)
    is_blind = Boolean(default=False)
    # A screening round: its judges (screeners) mark each project eligible or not instead of
    # scoring it; ``screening_quorum`` of them agreeing decides (judging.results.screening).
    is_screening = Boolean(default=False)
    screening_quorum = Integer(default=2)
    normalize = Varchar(length=10, default="zscore")
    aggregate = Varchar(length=10, default="trimmed")
    trim = Integer(default=1)
    min_judges = Integer(default=3)
    disagreement = Float(default=15.0)
    # Live final: the big-screen leaderboard may be public, and totals stay hidden until revealed.
    leaderboard_public = Boolean(default=False)
    reveal_totals = Boolean(default=False)
    created_at = Timestamptz(default=TimestamptzNow())


class Criterion(Table, tablename="criterion"):
    """One criterion of a round's rubric.

    The weight is kept in hundredths of a percent (10000 = 100%) so totals are exact.
    """

    round = ForeignKey(references=Round, on_delete=OnDelete.cascade, null=False)
    key = Varchar(length=40)
    label_en = Varchar(length=200)
    label_zh = Varchar(length=200)
    guidance_en = Text(default="")
    guidance_zh = Text(default="")
    weight_bp = Integer()
    scale_min = Integer(default=0)
    scale_max = Integer(default=10)
    position = Integer(default=0)
    # 1 = first tie-breaker; null = not a tie-breaker.
    tie_break_rank = Integer(null=True, default=None)


class Membership(Table, tablename="membership"):
    """A per-competition role: organizer or judge."""

    competition = ForeignKey(references=Competition, on_delete=OnDelete.cascade, null=False)
    account = ForeignKey(references=Account, on_delete=OnDelete.cascade, null=False)
    role = Varchar(length=20)
    created_at = Timestamptz(default=TimestamptzNow())


class Invitation(Table, tablename="invitation"):
    """A single-use, expiring link that makes its holder an organizer or judge of a competition.

    Only the SHA-256 of the token is stored, so a database leak does not leak live links.
    """

    token_hash = Varchar(length=64, unique=True)
    email = Varchar(length=254, index=True)
    competition = ForeignKey(references=Competition, on_delete=OnDelete.cascade, null=False)
    role = Varchar(length=20)
    created_by = ForeignKey(references=Account, null=True)
    created_at = Timestamptz(default=TimestamptzNow())
    expires_at = Timestamptz()
    used_at = Timestamptz(null=True, default=None)
    used_by = ForeignKey(references=Account, null=True)
    # Revoked by an organizer, or replaced when the same address was invited again.
    revoked_at = Timestamptz(null=True, default=None)
    revoked_by = ForeignKey(references=Account, null=True)
