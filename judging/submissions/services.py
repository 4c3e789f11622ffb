"""The rules of submissions."""

from __future__ import annotations

from typing import Any

from judging.submissions.tables import Submission


async def owned_by(account_id: int) -> list[dict[str, Any]]:
    """An entrant's own projects, newest first, with competition and track names."""
    return (
        await Submission.select(
            Submission.id,
            Submission.title,
            Submission.status,
            Submission.updated_at,
            Submission.competition.name_en.as_alias("competition_name_en"),
            Submission.competition.name_zh.as_alias("competition_name_zh"),
            Submission.competition.timezone.as_alias("timezone"),
            Submission.track.name_en.as_alias("track_name_en"),
            Submission.track.name_zh.as_alias("track_name_zh"),
        )
        .where(Submission.owner == account_id)
        .order_by(Submission.id, ascending=False)
    )
