"""Judge calibration: the scoring module's agreement numbers, drawn as server-side SVG."""

import re
import xml.etree.ElementTree as ET

import msgspec
import pytest

import scoring
from judging.accounts.tables import Account
from judging.competitions.tables import Criterion, Round
from judging.results.ranking.calibration import calibration_charts
from judging.results.ranking.schemas import Calibration
from judging.results.sheets.score_sheet import round_sheet
from tests.results.conftest import score

SVG = re.compile(r"<svg .*?</svg>", re.DOTALL)
# A signed value beside its bar, with the number of cards compared.
VALUE = re.compile(r"[+\u2212]?[\d.]+( \(n = \d+\))?")


def _path(demo, round_id: int) -> str:
    return f"/organize/{demo.id}/rounds/{round_id}/calibration"


def _api(demo, round_id: int) -> str:
    return f"/api/v1/competitions/{demo.id}/rounds/{round_id}/calibration"


async def test_calibration_numbers_are_the_scoring_modules(organizer, demo, scored_round):
    response = await organizer.get(_api(demo, scored_round.id))
    assert response.status_code == 200, response.text
    body = response.json()
    sheet = await round_sheet(scored_round.id)
    agreement = scoring.rank(sheet.scores, sheet.rubric, sheet.policy).agreement()
    assert body["krippendorff_alpha"] == pytest.approx(agreement.krippendorff_alpha, abs=0)
    assert (body["n_units"], body["n_pairable"]) == (agreement.n_units, agreement.n_pairable)
    judges = {judge["judge_id"]: judge for judge in body["judges"]}
    assert set(judges) == set(agreement.judges["judge_id"])
    for row in agreement.judges.itertuples(index=False):
        judge = judges[row.judge_id]
        assert judge["n_scored"] == row.n_scorecards
        assert judge["scores"]["mean"] == float(row.mean)
        assert judge["scores"]["std"] == float(row.std)
        assert judge["leniency"] == float(row.leniency)
        assert judge["n_compared"] == row.n_compared
    assert body["panel"]["n"] == sum(judge["n_scored"] for judge in body["judges"])


async def test_calibration_page_draws_well_formed_svg_naming_every_judge(
    organizer, demo, scored_round
):
    response = await organizer.get(_path(demo, scored_round.id))
    assert response.status_code == 200
    charts = SVG.findall(response.text)
    assert len(charts) == 2
    names = [
        row["display_name"]
        for row in await Account.select(Account.display_name)
        .where(Account.email.like("judge%"))
        .order_by(Account.id)
        .limit(3)
    ]
    for chart in charts:
        root = ET.fromstring(chart)
        labels = {element.text for element in root.iter("{http://www.w3.org/2000/svg}title")}
        assert set(names) <= labels
    assert "All judges (panel)" in charts[0]
    assert "stricter" in charts[1]
    assert "Krippendorff" in response.text


def _marked(message: str, **params) -> str:
    """A stand-in catalog that marks every translated text (formatting as translate does)."""
    return "«" + (message % params if params else message) + "»"


async def test_every_text_of_the_charts_goes_through_translation(organizer, demo, scored_round):
    body = (await organizer.get(_api(demo, scored_round.id))).json()
    numbers = msgspec.convert(body, Calibration)
    charts = calibration_charts(numbers, _marked)
    for svg in (charts.distribution_svg, charts.leniency_svg):
        root = ET.fromstring(svg)
        texts = [element.text for element in root.iter("{http://www.w3.org/2000/svg}text")]
        words = [text for text in texts if text and any(c.isalpha() for c in text)]
        judge_names = {judge.name for judge in numbers.judges}
        untranslated = [
            text
            for text in words
            if "«" not in text and text not in judge_names and not VALUE.fullmatch(text)
        ]
        assert untranslated == []


async def test_alpha_without_overlap_between_judges_is_not_computed(organizer, demo):
    round_ = await Round.objects().get(Round.competition == demo.id)
    keys = [
        row["key"]
        for row in await Criterion.select(Criterion.key).where(Criterion.round == round_.id)
    ]
    judges = await Account.objects().where(Account.email.like("judge%")).order_by(Account.id)
    from judging.submissions.tables import Submission

    projects = await Submission.objects().where(Submission.status == "submitted")
    for index, project in enumerate(projects):
        judge = judges[index % 3]
        await score(round_.id, project.id, judge.id, dict.fromkeys(keys, index % 11))
    body = (await organizer.get(_api(demo, round_.id))).json()
    assert body["krippendorff_alpha"] is None
    assert all(judge["leniency"] is None for judge in body["judges"])
    page = await organizer.get(_path(demo, round_.id))
    assert "not enough overlap to compute" in page.text
    for chart in SVG.findall(page.text):
        ET.fromstring(chart)
