"""Organizers import projects from CSV or Excel: every row is checked, then all or none written."""

import io
import random
import zipfile
from datetime import timedelta

import pytest

from judging.audit.tables import AuditEvent
from judging.clock import utcnow
from judging.demo import demo_email
from judging.errors import TooLarge
from judging.submissions import import_files, import_jobs
from judging.submissions.tables import ImportJob, Submission
from tests.submissions.organizer_world import (
    EXE_BYTES,
    add_project,
    csv_bytes,
    import_outcome,
    project_named,
    sign_in_organizer,
    upload,
    xlsx_bytes,
)
from tests.support import demo_audit_mark

GOOD_ROWS = [
    {
        "title": "Lidar for tunnel inspection",
        "track": "manufacturing",
        "team": "Zhou Qi; Anna Berg",
        "organization": "Tunnel Vision Ltd",
        "country": "cn",
        "contact_email": "Team@TunnelVision.example",
        "status": "",
        "owner_email": demo_email("entrant3").upper(),
    },
    {
        "title": "Rice blast early warning",
        "track": "AI",
        "team": "陈静；刘波",
        "organization": "",
        "country": "",
        "contact_email": "",
        "status": "draft",
        "owner_email": "",
    },
    {
        "title": "Insulin pen dose logger",
        "track": "biomed",
        "team": "",
        "organization": "DoseRight",
        "country": "IL",
        "contact_email": "",
        "status": "submitted",
        "owner_email": "nobody-yet@example.com",
    },
]


def _rows_with(changes: dict[int, dict[str, str]], count: int = 5) -> list[dict[str, str]]:
    """``count`` good rows; ``changes`` maps a file row number (data starts at 2) to edits."""
    rows = [
        {"title": f"Imported project {n}", "track": "ai", "team": f"Member {n}", "country": "DE"}
        for n in range(count)
    ]
    for row_number, edits in changes.items():
        rows[row_number - 2].update(edits)
    return rows


async def _imported_titles() -> set[str]:
    rows = await Submission.select(Submission.title).where(Submission.title.like("Imported%"))
    return {row["title"] for row in rows}


async def test_good_csv_imports_every_row_and_audits_the_import_once(client, demo):
    await sign_in_organizer(client)
    before = await Submission.count()
    response = await upload(client, demo, "submissions", "projects.csv", csv_bytes(GOOD_ROWS))
    outcome = await import_outcome(client, demo, response)
    assert outcome["status"] == "succeeded"
    assert outcome["imported_rows"] == 3
    assert outcome["errors"] == []
    assert await Submission.count() == before + 3
    lidar = await project_named("Lidar for tunnel inspection")
    assert [member["name"] for member in lidar["team"]] == ["Zhou Qi", "Anna Berg"]
    assert lidar["country"] == "CN"
    assert lidar["contact_email"] == "team@tunnelvision.example"
    assert lidar["status"] == "submitted"
    assert lidar["submitted_at"] is not None
    assert "tunnel vision ltd" in lidar["search_text"]
    assert "anna berg" in lidar["search_text"]
    assert lidar["owner"] is not None  # linked to entrant3's account
    rice = await project_named("Rice blast early warning")
    assert rice["status"] == "draft"
    assert rice["submitted_at"] is None
    assert [member["name"] for member in rice["team"]] == ["陈静", "刘波"]
    pen = await project_named("Insulin pen dose logger")
    assert pen["owner"] is None
    events = await AuditEvent.select(AuditEvent.action).where(
        (AuditEvent.entity == "import_job") & (AuditEvent.id > demo_audit_mark())
    )
    assert events == [{"action": "imported"}]
    assert not await AuditEvent.exists().where(
        (AuditEvent.entity == "submission") & (AuditEvent.id > demo_audit_mark())
    )


async def test_one_bad_row_in_a_csv_writes_nothing_and_names_the_row_and_field(client, demo):
    await sign_in_organizer(client)
    rows = _rows_with({4: {"track": "space"}})
    response = await upload(client, demo, "submissions", "projects.csv", csv_bytes(rows))
    outcome = await import_outcome(client, demo, response)
    assert outcome["status"] == "failed"
    assert [(error["row"], error["field"]) for error in outcome["errors"]] == [(4, "track")]
    assert "space" in outcome["errors"][0]["message"]
    assert await _imported_titles() == set()
    assert outcome["imported_rows"] == 0


async def test_one_bad_row_in_an_xlsx_writes_nothing_and_names_the_row_and_field(client, demo):
    await sign_in_organizer(client)
    rows = _rows_with({3: {"website": "ftp://files.example"}})
    response = await upload(client, demo, "submissions", "projects.xlsx", xlsx_bytes(rows))
    outcome = await import_outcome(client, demo, response)
    assert outcome["status"] == "failed"
    assert [(error["row"], error["field"]) for error in outcome["errors"]] == [(3, "website")]
    assert await _imported_titles() == set()


async def test_good_xlsx_imports_every_row(client, demo):
    await sign_in_organizer(client)
    response = await upload(client, demo, "submissions", "projects.xlsx", xlsx_bytes(GOOD_ROWS))
    outcome = await import_outcome(client, demo, response)
    assert (outcome["status"], outcome["imported_rows"]) == ("succeeded", 3)
    assert await Submission.exists().where(Submission.title == "Rice blast early warning")


async def test_every_bad_row_and_field_is_reported(client, demo):
    await sign_in_organizer(client)
    rows = _rows_with(
        {
            2: {"title": ""},
            3: {"contact_email": "not-an-email"},
            4: {"country": "XX"},
            5: {"status": "winner", "owner_email": "nope"},
            6: {"track": "mars", "website": "www.no-scheme.example"},
        },
        count=6,
    )
    response = await upload(client, demo, "submissions", "projects.csv", csv_bytes(rows))
    outcome = await import_outcome(client, demo, response)
    found = {(error["row"], error["field"]) for error in outcome["errors"]}
    assert found == {
        (2, "title"),
        (3, "contact_email"),
        (4, "country"),
        (5, "status"),
        (5, "owner_email"),
        (6, "track"),
        (6, "website"),
    }
    assert await _imported_titles() == set()


async def test_the_same_title_twice_in_the_file_is_an_error_naming_the_first_row(client, demo):
    await sign_in_organizer(client)
    rows = _rows_with({5: {"title": "IMPORTED PROJECT 1"}})
    response = await upload(client, demo, "submissions", "projects.csv", csv_bytes(rows))
    outcome = await import_outcome(client, demo, response)
    assert [(error["row"], error["field"]) for error in outcome["errors"]] == [(5, "title")]
    assert "row 3" in outcome["errors"][0]["message"]


async def test_a_title_already_in_the_competition_is_an_error(client, demo):
    await sign_in_organizer(client)
    await add_project(demo, "Imported project 2")
    response = await upload(client, demo, "submissions", "projects.csv", csv_bytes(_rows_with({})))
    outcome = await import_outcome(client, demo, response)
    assert [(error["row"], error["field"]) for error in outcome["errors"]] == [(4, "title")]


async def test_blank_lines_do_not_shift_the_reported_row_numbers(client, demo):
    await sign_in_organizer(client)
    content = (
        b"title,track\nImported project A,ai\n\nImported project B,ai\nImported project C,mars\n"
    )
    response = await upload(client, demo, "submissions", "projects.csv", content)
    outcome = await import_outcome(client, demo, response)
    assert [(error["row"], error["field"]) for error in outcome["errors"]] == [(5, "track")]
    assert outcome["total_rows"] == 3


async def test_csv_saved_by_chinese_excel_in_gb18030_is_read(client, demo):
    await sign_in_organizer(client)
    rows = [
        {
            "title": "基于深度学习的钢材缺陷检测",
            "track": "ai",
            "team": "张伟；李娜",
            "organization": "南京钢铁研究院",
        },
        {
            "title": "便携式血糖监测贴片",
            "track": "biomed",
            "team": "王芳",
            "organization": "苏州医疗",
        },
    ]
    content = csv_bytes(rows, encoding="gb18030")
    with pytest.raises(UnicodeDecodeError):
        content.decode("utf-8")
    response = await upload(client, demo, "submissions", "项目.csv", content)
    outcome = await import_outcome(client, demo, response)
    assert outcome["status"] == "succeeded", outcome["errors"]
    steel = await project_named("基于深度学习的钢材缺陷检测")
    assert steel["organization"] == "南京钢铁研究院"
    assert [member["name"] for member in steel["team"]] == ["张伟", "李娜"]


async def test_a_missing_column_is_reported_once_by_name(client, demo):
    await sign_in_organizer(client)
    content = csv_bytes([{"title": "Imported project X", "team": "Someone"}])
    response = await upload(client, demo, "submissions", "projects.csv", content)
    outcome = await import_outcome(client, demo, response)
    assert outcome["status"] == "failed"
    assert [(error["row"], error["field"]) for error in outcome["errors"]] == [(1, "track")]
    assert "track" in outcome["errors"][0]["message"]
    assert await _imported_titles() == set()


@pytest.mark.parametrize(
    ("filename", "content"),
    [
        ("projects.csv", EXE_BYTES),
        ("projects.xlsx", random.Random(4).randbytes(4096)),
        ("projects.xlsx", b"PK\x03\x04" + random.Random(5).randbytes(4096)),
    ],
    ids=["exe-renamed-csv", "random-bytes", "broken-zip"],
)
async def test_files_that_are_not_tables_are_refused_with_a_clear_message(
    client, demo, filename, content
):
    await sign_in_organizer(client)
    response = await upload(client, demo, "submissions", filename, content)
    assert response.status_code == 400
    assert 'id="file-error"' in response.text
    assert "Upload a CSV file" in response.text
    assert await ImportJob.count() == 0


async def test_a_zip_that_is_not_a_workbook_is_refused(client, demo):
    await sign_in_organizer(client)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "title,track\nA,ai\n")
    response = await upload(client, demo, "submissions", "projects.xlsx", buffer.getvalue())
    assert response.status_code == 400
    assert await ImportJob.count() == 0


async def test_upload_without_a_file_or_kind_is_refused_beside_the_field(client, demo):
    await sign_in_organizer(client)
    no_file = await client.post_form(f"/organize/{demo.id}/imports", {"kind": "submissions"})
    assert no_file.status_code == 400
    assert 'id="file-error"' in no_file.text
    bad_kind = await upload(client, demo, "scores", "projects.csv", csv_bytes(GOOD_ROWS))
    assert bad_kind.status_code == 400
    assert 'id="kind-error"' in bad_kind.text


def test_a_file_over_the_size_limit_is_too_large():
    with pytest.raises(TooLarge):
        import_files.read_table(b"title,track\n" + b"A,ai\n" * 100, max_bytes=100)


async def test_progress_page_and_api_show_the_final_state(client, demo):
    await sign_in_organizer(client)
    response = await upload(client, demo, "submissions", "projects.csv", csv_bytes(GOOD_ROWS))
    outcome = await import_outcome(client, demo, response)
    assert outcome["total_rows"] == outcome["validated_rows"] == outcome["written_rows"] == 3
    assert outcome["finished_at"] is not None
    page = await client.get(response.headers["location"])
    assert page.status_code == 200
    assert 'http-equiv="refresh"' not in page.text
    assert "3 submissions imported." in page.text
    listing = await client.get(f"/organize/{demo.id}/imports")
    assert "projects.csv" in listing.text


async def test_failed_import_page_lists_each_bad_row(client, demo):
    await sign_in_organizer(client)
    rows = _rows_with({3: {"track": "space"}, 6: {"country": "XX"}}, count=6)
    response = await upload(client, demo, "submissions", "projects.csv", csv_bytes(rows))
    await import_outcome(client, demo, response)
    page = await client.get(response.headers["location"])
    assert "Nothing was imported" in page.text
    assert "<code>track</code>" in page.text
    assert "<code>country</code>" in page.text


async def test_running_import_page_refreshes_itself_and_shows_progress(client, app, demo):
    await sign_in_organizer(client)
    job = ImportJob(competition=demo.id, kind="submissions", filename="big.csv", total_rows=1000)
    await job.save()
    reporter = import_jobs.ProgressReporter(app.stores.get("imports"), job.id, 1000)
    await reporter.advance("validating", "validated", 400)
    page = await client.get(f"/organize/{demo.id}/imports/{job.id}")
    assert '<meta http-equiv="refresh" content="1">' in page.text
    assert "400" in page.text
    api = (await client.get(f"/api/v1/competitions/{demo.id}/imports/{job.id}")).json()
    assert (api["status"], api["validated_rows"], api["total_rows"]) == ("running", 400, 1000)


async def test_running_import_without_progress_for_a_minute_shows_as_interrupted(client, demo):
    await sign_in_organizer(client)
    job = ImportJob(
        competition=demo.id,
        kind="submissions",
        filename="lost.csv",
        total_rows=10,
        created_at=utcnow() - timedelta(minutes=2),
    )
    await job.save()
    api = (await client.get(f"/api/v1/competitions/{demo.id}/imports/{job.id}")).json()
    assert api["status"] == "interrupted"
    page = await client.get(f"/organize/{demo.id}/imports/{job.id}")
    assert 'http-equiv="refresh"' not in page.text


async def test_a_row_with_more_cells_than_the_header_is_refused_by_row(client, demo):
    await sign_in_organizer(client)
    content = b"title,track\nImported project A,ai\nImported, project B,ai\n"
    response = await upload(client, demo, "submissions", "projects.csv", content)
    assert response.status_code == 400
    assert "Row 3 has more cells than the header." in response.text
    assert await ImportJob.count() == 0
