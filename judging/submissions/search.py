"""What submission search looks at: title, organization and team member names."""

from __future__ import annotations

from collections.abc import Iterable, Mapping


def search_text_for(title: str, organization: str, team: Iterable[Mapping[str, str]]) -> str:
    """The lower-cased text stored in ``Submission.search_text``; update it on every save."""
    names = " ".join(member.get("name", "") for member in team)
    return " ".join(part for part in (title, organization, names) if part).casefold()
