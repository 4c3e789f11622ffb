"""A round's scoring policy in words, in the reader's language.

The stored policy (``normalize=zscore aggregate=trimmed trim=1 ...``) is what the scoring CLI,
the exports and the content hash read; people read these phrases instead, on every page that
shows a policy (the ranking workbench, its previews, the publication pages).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from judging.i18n import format_list_local, format_number_local, translate, translate_plural

# Between phrases, and after the last: the punctuation of each language's sentences.
_SEPARATOR = {"zh_CN": "；"}
_FULL_STOP = {"zh_CN": "。"}


def _field(policy: Mapping[str, Any] | Any, name: str) -> Any:
    return policy[name] if isinstance(policy, Mapping) else getattr(policy, name)


def policy_phrases(
    policy: Mapping[str, Any] | Any, locale: str, tie_breakers: Sequence[str] | None = None
) -> list[str]:
    """The policy as phrases in ``locale``, in the order the scoring module applies them.

    Parameters
    ----------
    policy : mapping or struct
        ``normalize``, ``aggregate``, ``trim``, ``min_judges`` and ``disagreement``, as the
        round stores them (``docs/scoring.md``).
    locale : str
        The reader's language (``en``, ``zh_CN``).
    tie_breakers : sequence of str, optional
        The names of the rubric's tie-breaking criteria, in priority order, already in the
        reader's language. ``None`` leaves ties unmentioned (the rubric is not at hand);
        an empty sequence says ties are shared.

    Returns
    -------
    list of str
        One phrase per rule: normalization, aggregation, judges needed, disagreement flag,
        and (with ``tie_breakers``) ties.
    """
    phrases = []
    if _field(policy, "normalize") == "zscore":
        phrases.append(translate(locale, "Scores normalized per judge (z-score)"))
    else:
        phrases.append(translate(locale, "Raw judge scores (not normalized)"))
    aggregate = _field(policy, "aggregate")
    trim = int(_field(policy, "trim"))
    if aggregate == "trimmed" and trim > 0:
        phrases.append(
            translate_plural(
                locale,
                "trimmed mean dropping the highest and the lowest score",
                "trimmed mean dropping the %(num)s highest and the %(num)s lowest scores",
                trim,
            )
        )
    elif aggregate in ("trimmed", "mean"):
        # A trimmed mean that drops nothing is the mean: say what it computes.
        phrases.append(translate(locale, "mean of the judges' scores"))
    else:
        phrases.append(translate(locale, "median of the judges' scores"))
    phrases.append(
        translate_plural(
            locale,
            "ranked once %(num)s judge has scored",
            "ranked once %(num)s judges have scored",
            int(_field(policy, "min_judges")),
        )
    )
    phrases.append(
        translate(
            locale,
            "flagged when the judges' scores spread more than %(points)s points "
            "(standard deviation)",
            points=format_number_local(float(_field(policy, "disagreement")), locale),
        )
    )
    if tie_breakers:
        phrases.append(
            translate(
                locale,
                "ties broken by %(criteria)s in that order, then shared",
                criteria=format_list_local(tie_breakers, locale),
            )
        )
    elif tie_breakers is not None:
        phrases.append(translate(locale, "ties shared"))
    return phrases


def policy_sentence(
    policy: Mapping[str, Any] | Any, locale: str, tie_breakers: Sequence[str] | None = None
) -> str:
    """:func:`policy_phrases` as one sentence of ``locale``."""
    phrases = policy_phrases(policy, locale, tie_breakers)
    return _SEPARATOR.get(locale, "; ").join(phrases) + _FULL_STOP.get(locale, ".")


def tie_breaker_names(rubric: Mapping[str, Any], locale: str) -> list[str]:
    """The names, in ``locale``, of a rubric's tie-breaking criteria in priority order.

    ``rubric`` is a ``rubric.json`` document: ``criteria`` (each with ``key``, ``label_en``,
    ``label_zh``) and ``tie_breakers`` (keys). A criterion without a label is named by its key.
    """
    first, second = ("label_zh", "label_en") if locale == "zh_CN" else ("label_en", "label_zh")
    criteria = {criterion["key"]: criterion for criterion in rubric.get("criteria", [])}
    names = []
    for key in rubric.get("tie_breakers", []):
        criterion = criteria.get(key, {})
        names.append(criterion.get(first) or criterion.get(second) or key)
    return names
