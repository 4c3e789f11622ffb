"""Who may do what: every permission rule of the platform, each named and written once.

The rules are pure functions of facts (the account, the roles it holds in the competition,
whether it is assigned to the project, conflicted with it, what the board's settings say), in
the spirit of pretalx's ``rules.py``. The domains read the facts (the roles from competitions,
assignments and conflicts from assignments, a board's settings from results) and ask the rule;
guards, services and templates all ask the same one. This module sits below every domain
(the layers in pyproject.toml) and imports none of them.

Roles are held per competition: ``roles`` is the set an account holds in one competition,
``roles_by_competition`` maps competition ids to those sets (what
``judging.competitions.services.roles_of`` returns).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import Protocol

ORGANIZER = "organizer"
JUDGE = "judge"

Roles = Collection[str]
RolesByCompetition = Mapping[int, Collection[str]]


class Actor(Protocol):
    """What the rules read of an account."""

    @property
    def id(self) -> int: ...

    @property
    def is_platform_admin(self) -> bool: ...


# An account's roles in a competition where it holds none: a platform admin organizes that
# competition too, so the rules asked of "anywhere" also ask them of it.
_NONE_HELD: frozenset[str] = frozenset()


# ---------------------------------------------------------------- roles in a competition


def can_organize(account: Actor, roles: Roles) -> bool:
    """Organizes the competition: holds its organizer role, or is a platform admin (who counts
    as organizer of every competition)."""
    return account.is_platform_admin or ORGANIZER in roles


def can_judge(roles: Roles) -> bool:
    """Judges the competition: holds its judge role. Judging is never implied, not even for a
    platform admin."""
    return JUDGE in roles


def is_member(account: Actor, roles: Roles) -> bool:
    """Takes part in the competition: holds a role there, or organizes it as a platform admin."""
    return bool(roles) or can_organize(account, roles)


def holds_role(account: Actor, roles: Roles, role: str | None) -> bool:
    """Counts as holding ``role`` in the competition (``None``: any role, :func:`is_member`):
    the organizer role by :func:`can_organize`, the judge role by :func:`can_judge`."""
    if role is None:
        return is_member(account, roles)
    if role == ORGANIZER:
        return can_organize(account, roles)
    if role == JUDGE:
        return can_judge(roles)
    return role in roles


def holds_role_anywhere(
    account: Actor, roles_by_competition: RolesByCompetition, role: str | None
) -> bool:
    """Counts as holding ``role`` (see :func:`holds_role`) in at least one competition; a
    platform admin organizes even before any competition exists."""
    return any(
        holds_role(account, roles, role) for roles in (_NONE_HELD, *roles_by_competition.values())
    )


def admits_every_competition(account: Actor, role: str | None) -> bool:
    """Counts as holding ``role`` in every competition, also those where it holds no role
    (a platform admin as organizer)."""
    return holds_role(account, _NONE_HELD, role)


def can_organize_any(account: Actor, roles_by_competition: RolesByCompetition) -> bool:
    """Organizes at least one competition (a platform admin always): the organizers' pages."""
    return holds_role_anywhere(account, roles_by_competition, ORGANIZER)


def can_judge_any(roles_by_competition: RolesByCompetition) -> bool:
    """Judges at least one competition: the judges' pages."""
    return any(can_judge(roles) for roles in roles_by_competition.values())


# ---------------------------------------------------------------- a judge and a project


def is_assigned_judge(roles: Roles, *, assigned: bool) -> bool:
    """Judges the project: is assigned to it and still judges its competition. Enough to
    declare a conflict of interest with it."""
    return assigned and can_judge(roles)


def can_judge_project(roles: Roles, *, assigned: bool, conflicted: bool) -> bool:
    """May see and score the project: :func:`is_assigned_judge` and has no conflict of
    interest with it."""
    return is_assigned_judge(roles, assigned=assigned) and not conflicted


def can_read_deck(
    account: Actor, roles: Roles, *, owns: bool, assigned: bool, conflicted: bool
) -> bool:
    """May read the project's pitch deck (every version of it): its owner, the organizers of
    its competition (:func:`can_organize`), and the judges who may judge it
    (:func:`can_judge_project`)."""
    return (
        owns
        or can_organize(account, roles)
        or can_judge_project(roles, assigned=assigned, conflicted=conflicted)
    )


# Who besides the team and the organizers reads an application's answer (the values of
# judging.applications.tables.Visibility, spelled here so this module imports no domain).
ANSWER_FOR_JUDGES = "judges"
ANSWER_NOT_IN_BLIND = "not_in_blind"


def judge_may_read_answer(visibility: str, *, blind: bool) -> bool:
    """A judge who may judge the project reads its answer to a question: one for judges
    always, one that identifies the team only outside blind rounds, one for organizers
    never. Every judge's page, API response and file asks this."""
    if visibility == ANSWER_FOR_JUDGES:
        return True
    return visibility == ANSWER_NOT_IN_BLIND and not blind


def can_read_attachment(
    account: Actor,
    roles: Roles,
    *,
    owns: bool,
    assigned: bool,
    conflicted: bool,
    visible_to_judge: bool,
) -> bool:
    """May read a file the project gave for an attachment slot: its owner and the organizers
    of its competition always; a judge who may judge it (:func:`can_judge_project`) when the
    slot's visibility lets them in a round they judge it in (:func:`judge_may_read_answer`,
    given as ``visible_to_judge``)."""
    if owns or can_organize(account, roles):
        return True
    return visible_to_judge and can_judge_project(roles, assigned=assigned, conflicted=conflicted)


# ---------------------------------------------------------------- a round's live board


def board_is_public(*, board_public: bool, competition_public: bool) -> bool:
    """Anyone may watch the round's live board: the organizers made it public, in a public
    competition."""
    return board_public and competition_public


def can_view_board(
    account: Actor | None, roles: Roles, *, board_public: bool, competition_public: bool
) -> bool:
    """May watch the round's live board: its competition's organizers (:func:`can_organize`)
    always, anyone else (signed in or not) while :func:`board_is_public`."""
    return (account is not None and can_organize(account, roles)) or board_is_public(
        board_public=board_public, competition_public=competition_public
    )
