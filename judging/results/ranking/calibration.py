"""Judge calibration: each judge's raw scores against the panel's, leniency, and the round's
Krippendorff's alpha, as numbers and as charts.

Pure: the numbers come from a :class:`RoundRanking` (the scoring module's agreement on the
counted cards), the charts from those numbers and a translation function.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from typing import Any

import msgspec
import numpy as np

from judging.i18n import N_
from judging.results.ranking.charts import BarRow, BoxRow, box_plot, diverging_bar_chart
from judging.results.ranking.schemas import Calibration, Distribution, JudgeCalibration
from judging.results.sheets.round_ranking import RoundRanking

Translate = Callable[..., str]

DISTRIBUTION_TITLE = N_("Raw scores per judge against the whole panel")
DISTRIBUTION_DESCRIPTION = N_(
    "Box plots of the raw 0–100 judge scores: the whole panel first, then each judge."
)
DISTRIBUTION_AXIS = N_("Raw judge score (0–100)")
DISTRIBUTION_LEGEND = N_(
    "Box: middle half of the scores · thick line: median · whiskers: lowest to highest · "
    "diamond: mean"
)
PANEL_LABEL = N_("All judges (panel)")
PANEL_MEDIAN = N_("Panel median %(value)s")
COUNT_TEXT = N_("n = %(n)s")
NO_SCORES = N_("No scores")
LENIENCY_TITLE = N_("Leniency: each judge against the other judges of the same projects")
LENIENCY_DESCRIPTION = N_(
    "Mean difference, in points, between a judge's score and the other judges' mean score "
    "of the same project. Bars to the right are more lenient, hatched bars to the left stricter."
)
LENIENCY_AXIS = N_("Points above or below the other judges")
STRICTER = N_("stricter")
MORE_LENIENT = N_("more lenient")
NOT_COMPARED = N_("Not compared: no project shared with another judge")


def _float(value: Any) -> float | None:
    number = float(value)
    return None if math.isnan(number) else number


def distribution(values: np.ndarray) -> Distribution:
    """Count, mean, population std and five-number summary (linear quantiles) of ``values``."""
    if len(values) == 0:
        return Distribution(
            n=0, mean=None, std=None, minimum=None, q1=None, median=None, q3=None, maximum=None
        )
    minimum, q1, median, q3, maximum = np.quantile(values, [0, 0.25, 0.5, 0.75, 1]).tolist()
    return Distribution(
        n=len(values),
        mean=float(values.mean()),
        std=float(values.std()),
        minimum=minimum,
        q1=q1,
        median=median,
        q3=q3,
        maximum=maximum,
    )


def round_calibration_numbers(ranking: RoundRanking, competition_id: int) -> Calibration:
    """The round's calibration from the scoring module's agreement statistics.

    Per judge: cards scored, mean and std exactly as :meth:`scoring.RankingResult.agreement`
    gives them, quartiles of their raw judge scores and leniency. Judges' names are left
    empty (see :func:`with_names`).
    """
    result = ranking.result
    agreement = result.agreement()
    cards = result.scorecards
    raw = cards["judge_score"].to_numpy(dtype=float)
    by_judge = {
        judge_id: scores.to_numpy(dtype=float)
        for judge_id, scores in cards.groupby("judge_id", sort=True)["judge_score"]
    }
    normalized = dict(zip(result.judges["judge_id"], result.judges["normalized"], strict=True))
    judges = []
    for row in agreement.judges.itertuples(index=False):
        # A judge whose only cards are incomplete has no judge score at all.
        spread = distribution(by_judge.get(row.judge_id, np.empty(0)))
        judges.append(
            JudgeCalibration(
                judge_id=int(row.judge_id),
                name="",
                n_scored=int(row.n_scorecards),
                leniency=_float(row.leniency),
                n_compared=int(row.n_compared),
                normalized=bool(normalized.get(row.judge_id, False)),
                scores=msgspec.structs.replace(spread, mean=_float(row.mean), std=_float(row.std)),
            )
        )
    return Calibration(
        competition_id=competition_id,
        round_id=ranking.sheet.round_id,
        krippendorff_alpha=agreement.krippendorff_alpha,
        n_units=int(agreement.n_units),
        n_pairable=int(agreement.n_pairable),
        panel=distribution(raw),
        judges=judges,
    )


def with_names(calibration: Calibration, names: Mapping[int, str]) -> Calibration:
    """The calibration with each judge's display name, judges ordered by name."""
    judges = [
        msgspec.structs.replace(judge, name=names.get(judge.judge_id, f"#{judge.judge_id}"))
        for judge in calibration.judges
    ]
    judges.sort(key=lambda judge: (judge.name.casefold(), judge.judge_id))
    return msgspec.structs.replace(calibration, judges=judges)


class CalibrationCharts(msgspec.Struct):
    distribution_svg: str
    leniency_svg: str


def calibration_charts(calibration: Calibration, translate: Translate) -> CalibrationCharts:
    """Both charts as SVG text, every label through ``translate(message, **params)``."""
    panel = calibration.panel
    rows = [_box_row(translate(PANEL_LABEL), panel, emphasis=True)]
    rows += [_box_row(judge.name, judge.scores) for judge in calibration.judges]
    median = panel.median
    spread = box_plot(
        rows,
        chart_id="score-distribution",
        title=translate(DISTRIBUTION_TITLE),
        description=translate(DISTRIBUTION_DESCRIPTION),
        axis_label=translate(DISTRIBUTION_AXIS),
        legend=translate(DISTRIBUTION_LEGEND),
        count_text=translate(COUNT_TEXT),
        empty_text=translate(NO_SCORES),
        reference=median,
        reference_label=(
            translate(PANEL_MEDIAN, value=f"{median:.1f}") if median is not None else ""
        ),
    )
    leniency = diverging_bar_chart(
        [
            BarRow(
                label=judge.name,
                value=judge.leniency,
                note=f"(n = {judge.n_compared})" if judge.leniency is not None else "",
            )
            for judge in calibration.judges
        ],
        chart_id="judge-leniency",
        title=translate(LENIENCY_TITLE),
        description=translate(LENIENCY_DESCRIPTION),
        axis_label=translate(LENIENCY_AXIS),
        negative_label=translate(STRICTER),
        positive_label=translate(MORE_LENIENT),
        missing_text=translate(NOT_COMPARED),
    )
    return CalibrationCharts(distribution_svg=spread, leniency_svg=leniency)


def _box_row(label: str, scores: Distribution, emphasis: bool = False) -> BoxRow:
    return BoxRow(
        label=label,
        n=scores.n,
        minimum=scores.minimum,
        q1=scores.q1,
        median=scores.median,
        q3=scores.q3,
        maximum=scores.maximum,
        mean=scores.mean,
        emphasis=emphasis,
    )
