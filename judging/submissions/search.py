"""What submission search looks at: title, organization, team member names and the text of the
application form's answers."""

from __future__ import annotations

from collections.abc import Iterable, Mapping


def search_text_for(
    title: str,
    organization: str,
    team: Iterable[Mapping[str, str]],
    written_answers: Iterable[str] = (),
) -> str:
    """The lower-cased text stored in ``Submission.search_text``; update it on every save.
    ``written_answers`` are the application's answers written in words
    (:func:`judging.applications.answers.written_answers`)."""
    names = " ".join(member.get("name", "") for member in team)
    written = " ".join(written_answers)
    return " ".join(part for part in (title, organization, names, written) if part).casefold()
