"""Organizers download exactly the projects they filtered, as CSV or Excel, Chinese intact."""

import io

import openpyxl
import pandas as pd

from judging.submissions.exports import COLUMNS
from judging.submissions.tables import Submission
from tests.submissions.organizer_world import add_many, add_project, sign_in_organizer, track_id

# The demo application form's questions, in its order: one column each after the project's.
QUESTION_KEYS = [
    "stage",
    "funding_raised",
    "team_size",
    "incorporated_in",
    "revenue_last_year",
    "patents",
    "patent_details",
    "clinical_stage",
    "heard_from",
]


async def _export(client, competition, extension: str, **params):
    response = await client.get(
        f"/organize/{competition.id}/submissions/export.{extension}", params=params
    )
    assert response.status_code == 200, response.text
    assert "attachment" in response.headers["content-disposition"]
    return response


def _read_csv(content: bytes) -> pd.DataFrame:
    return pd.read_csv(io.BytesIO(content), dtype=str, keep_default_na=False, encoding="utf-8-sig")


def _read_xlsx(content: bytes) -> pd.DataFrame:
    return pd.read_excel(io.BytesIO(content), dtype=str, keep_default_na=False)


async def test_csv_export_holds_every_filtered_project_across_pages(client, demo):
    await sign_in_organizer(client)
    await add_many(demo, 75, prefix="Export batch")
    response = await _export(client, demo, "csv", q="export batch")
    frame = _read_csv(response.content)
    expected = await Submission.select(Submission.id).where(Submission.title.like("Export batch%"))
    assert sorted(int(value) for value in frame["id"]) == sorted(row["id"] for row in expected)
    assert list(frame.columns) == COLUMNS + QUESTION_KEYS


async def test_xlsx_export_holds_exactly_the_filtered_projects(client, demo):
    await sign_in_organizer(client)
    biomed = await track_id(demo, "biomed")
    response = await _export(client, demo, "xlsx", track=biomed, status="submitted")
    frame = _read_xlsx(response.content)
    expected = await Submission.select(Submission.id).where(
        (Submission.track == biomed) & (Submission.status == "submitted")
    )
    assert sorted(int(value) for value in frame["id"]) == sorted(row["id"] for row in expected)
    assert set(frame["track"]) == {"biomed"}
    assert list(frame.columns) == COLUMNS + QUESTION_KEYS


async def test_csv_export_keeps_chinese_text_for_excel(client, demo):
    await sign_in_organizer(client)
    await add_project(
        demo, "智能电网调度平台", team=["王小明", "李雷"], organization="南京电力科技"
    )
    response = await _export(client, demo, "csv", q="电网")
    assert response.content.startswith(b"\xef\xbb\xbf")  # the BOM tells Excel it is UTF-8
    row = _read_csv(response.content).iloc[0]
    assert row["title"] == "智能电网调度平台"
    assert row["team"] == "王小明; 李雷"
    assert row["organization"] == "南京电力科技"
    assert row["track_name_zh"] == "人工智能"


async def test_xlsx_export_keeps_chinese_text(client, demo):
    await sign_in_organizer(client)
    await add_project(demo, "智能电网调度平台", team=["王小明", "李雷"])
    row = _read_xlsx((await _export(client, demo, "xlsx", q="电网")).content).iloc[0]
    assert row["title"] == "智能电网调度平台"
    assert row["team"] == "王小明; 李雷"
    assert row["track_name_zh"] == "人工智能"


async def test_export_gives_times_in_the_competition_time_zone_and_the_deck_state(client, demo):
    await sign_in_organizer(client)
    project = await add_project(demo, "Timezone check")
    await Submission.update({Submission.deck_sha256: "a" * 64}).where(Submission.id == project.id)
    row = _read_csv((await _export(client, demo, "csv", q="timezone check")).content).iloc[0]
    assert row["submitted_at"].endswith("+08:00")  # Asia/Shanghai
    assert row["deck"] == "yes"
    assert row["status"] == "submitted"


async def test_exported_cells_never_run_as_spreadsheet_formulas(client, demo):
    await sign_in_organizer(client)
    formula = '=HYPERLINK("http://evil.example","Click")'
    await add_project(demo, formula)
    csv_row = _read_csv((await _export(client, demo, "csv", q="hyperlink")).content).iloc[0]
    assert csv_row["title"] == "'" + formula
    content = (await _export(client, demo, "xlsx", q="hyperlink")).content
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    cell = sheet.cell(row=2, column=COLUMNS.index("title") + 1)
    assert cell.value == formula
    assert cell.data_type == "s"
