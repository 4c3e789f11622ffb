"""Expected failures a user can cause, one type per kind; each carries a translatable message.

Services raise these; the web layer turns them into localized pages or JSON with a status code.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from judging.i18n import N_

Rule = TypeVar("Rule", bound=Callable[..., Any])


class DomainError(Exception):
    """Base of every expected failure: a message id (English source text) and its parameters."""

    status_code = 400
    default_message = N_("The request could not be completed.")

    def __init__(self, message: str | None = None, **params: Any) -> None:
        self.message = message or self.default_message
        self.params = params
        super().__init__(self.message % params if params else self.message)


class NotFound(DomainError):
    """Nothing with this id exists, or nothing this account may see (ids reveal nothing)."""

    status_code = 404
    default_message = N_("The page or item you asked for does not exist.")


class Forbidden(DomainError):
    """The account may not do this, or not now (outside the window that allows it)."""

    status_code = 403
    default_message = N_("You do not have permission to do this.")


class Conflict(DomainError):
    """The item changed since it was read (version check) or is in a state that forbids this."""

    status_code = 409
    default_message = N_("This item was changed elsewhere. Reload the page and try again.")


class TooManyAttempts(DomainError):
    """A rate limit is used up; wait and try again."""

    status_code = 429
    default_message = N_("Too many attempts. Wait a few minutes and try again.")


class TooLarge(DomainError):
    """The upload is larger than its limit."""

    status_code = 413
    default_message = N_("The upload is too large.")


class FieldError(DomainError):
    """One field's problem; ``field`` names the form field or JSON key."""

    status_code = 400

    def __init__(self, field: str, message: str, **params: Any) -> None:
        self.field = field
        super().__init__(message, **params)


class ValidationFailed(DomainError):
    """One or more fields are invalid; forms show each message beside its field."""

    status_code = 400
    default_message = N_("Please correct the highlighted fields.")

    def __init__(self, errors: list[FieldError], message: str | None = None) -> None:
        self.errors = errors
        super().__init__(message)

    @classmethod
    def single(cls, field: str, message: str, **params: Any) -> ValidationFailed:
        return cls([FieldError(field, message, **params)])

    def by_field(self) -> dict[str, FieldError]:
        """The first error of each field."""
        first: dict[str, FieldError] = {}
        for error in self.errors:
            first.setdefault(error.field, error)
        return first


class SignInRequired(DomainError):
    """Nobody is signed in: sign in first (``POST /api/v1/session``, then send its cookie)."""

    status_code = 401
    default_message = N_("Please sign in to continue.")


def refuses(*errors: type[DomainError]) -> Callable[[Rule], Rule]:
    """Declare the errors a guard refuses with, next to its code.

    The API documentation reads the declaration (:mod:`judging.web.api_docs`): every guard on
    an API route must have one, so each operation documents the statuses it can answer.
    """

    def declare(rule: Rule) -> Rule:
        rule.refuses = errors  # type: ignore[attr-defined]
        return rule

    return declare
