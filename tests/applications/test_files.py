"""The files an application asks for: slots the organizers set up, files recognized by their
content and kept in every version, served under names that never say whose they are, read by
judges as each slot's visibility and the round's blindness allow, and a PDF that names the
team flagged to its entrant and the organizers."""

from __future__ import annotations

import io
import zipfile

import openpyxl
import pytest

from judging.applications.tables import AttachmentSlot
from judging.competitions.tables import Round, Track
from judging.submissions.attachment_files import names_found, recognize
from judging.submissions.tables import Attachment, Submission
from tests.reviews.judging_world import api_path, build_world, page_path
from tests.reviews.judging_world import signed_in as judge_signed_in
from tests.submissions.entrant_world import project_json, signed_in, small_pdf, track, upload
from tests.submissions.organizer_world import sign_in_organizer

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 200
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 200
MP4 = b"\x00\x00\x00\x18ftypmp42" + b"\x00" * 200
WEBM = b"\x1a\x45\xdf\xa3\x9f\x42\x86\x81\x01\x42\x82\x84webm" + b"\x00" * 200
EXE = b"MZ\x90\x00\x03" + b"\x00" * 200


def pdf_with_text(text: str) -> bytes:
    """A one-page PDF whose page shows ``text`` (Helvetica), written out by hand."""
    content = f"BT /F1 18 Tf 50 700 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\n" % (len(objects) + 1))
    out.write(b"startxref\n%d\n%%%%EOF\n" % xref)
    return out.getvalue()


def xlsx_bytes() -> bytes:
    workbook = openpyxl.Workbook()
    workbook.active.append(["year", "revenue"])
    workbook.active.append([2025, 1_200_000])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def plain_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "not a workbook")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("content", "kind"),
    [
        (small_pdf(), "pdf"),
        (xlsx_bytes(), "xlsx"),
        (MP4, "mp4"),
        (WEBM, "webm"),
        (PNG, "png"),
        (JPEG, "jpeg"),
        (EXE, None),
        (plain_zip(), None),
        (b"%PDF-1.4\nnot really a pdf", None),
        (b"", None),
    ],
)
def test_a_file_is_recognized_by_its_content(content, kind):
    assert recognize(io.BytesIO(content)) == kind


def test_the_team_names_a_text_holds_are_found_as_words():
    text = "founded by wang lei at coldbox ltd. 由张敏开发。 li"
    assert names_found(text, ["Wang Lei", "ColdBox Ltd", "张敏", "Li", "Lei Wang", "ColdBox"]) == [
        "Wang Lei",
        "ColdBox Ltd",
        "张敏",
        "ColdBox",
    ]
    assert names_found("Wanglei", ["Wang Lei"]) == []


# ---------------------------------------------------------------- giving files


async def _new_project(client, demo, **answers) -> int:
    ai = await track(demo.id)
    created = await client.api("POST", "/api/v1/projects", json=project_json(ai.id, **answers))
    assert created.status_code == 201, created.text
    return created.json()["id"]


async def _give(client, project_id: int, slot: str, content: bytes, name: str = "plan.pdf"):
    return await client.api(
        "PUT",
        f"/api/v1/projects/{project_id}/files/{slot}",
        files={"file": (name, content, "application/octet-stream")},
    )


async def test_a_file_is_kept_in_every_version_and_served_under_a_name_of_no_one(app, demo):
    async with signed_in(app, "entrant3") as client:
        project_id = await _new_project(client, demo)
        first = await _give(client, project_id, "business_plan", small_pdf(), "ColdBox plan.pdf")
        assert first.status_code == 200, first.text
        given = first.json()["attachments"]["business_plan"]
        assert given["filename"] == "ColdBox plan.pdf"
        assert given["media_type"] == "application/pdf"
        second = await _give(client, project_id, "business_plan", small_pdf(pages=2))
        newest = second.json()["attachments"]["business_plan"]
        assert newest["sha256"] != given["sha256"]
        served = await client.get(f"/submissions/{project_id}/files/business_plan")
        older = await client.get(f"/submissions/{project_id}/files/business_plan/{given['sha256']}")
        page = (await client.get(f"/projects/{project_id}")).text
    assert served.status_code == 200
    assert served.content == small_pdf(pages=2)
    assert served.headers["x-content-type-options"] == "nosniff"
    assert served.headers["cache-control"] == "private, no-store"
    disposition = served.headers["content-disposition"]
    assert f'filename="project-{project_id}-business_plan.pdf"' in disposition
    assert "ColdBox" not in disposition
    assert older.content == small_pdf()
    assert await Attachment.count().where(Attachment.submission == project_id) == 2
    assert 'id="file-business_plan"' in page


@pytest.mark.parametrize(
    ("slot", "content", "status"),
    [
        ("business_plan", EXE, 400),
        ("business_plan", xlsx_bytes(), 400),
        ("financials", xlsx_bytes(), 200),
        ("financials", small_pdf(), 200),
        ("product_video", MP4, 200),
        ("product_video", WEBM, 200),
        ("product_video", PNG, 400),
        ("team_photo", JPEG, 200),
        ("team_photo", PNG + b"\x00" * (5 * 1024 * 1024), 413),
        ("no_such_slot", small_pdf(), 404),
    ],
)
async def test_each_slot_takes_its_own_kinds_and_sizes_by_content(app, demo, slot, content, status):
    async with signed_in(app, "entrant3") as client:
        project_id = await _new_project(client, demo)
        response = await _give(client, project_id, slot, content, "renamed.pdf")
    assert response.status_code == status, response.text
    if status == 400:
        [error] = response.json()["errors"]
        assert error["field"] == f"attachments.{slot}"
        assert error["message"].startswith("This file is not of a kind this slot takes")
    if status != 200:
        assert await Attachment.count().where(Attachment.submission == project_id) == 0


async def test_a_pdf_that_names_the_team_is_flagged_to_the_entrant_and_the_organizers(
    app, demo, client
):
    async with signed_in(app, "entrant3") as entrant:
        project_id = await _new_project(client=entrant, demo=demo)
        response = await entrant.post_form(
            f"/projects/{project_id}/files/business_plan",
            files={
                "file": (
                    "plan.pdf",
                    pdf_with_text("Founded by Wang Lei at ColdBox Ltd"),
                    "application/pdf",
                )
            },
        )
        assert response.status_code == 303, response.text
        page = (await entrant.get(response.headers["location"])).text
    assert "its text names your team: Wang Lei, ColdBox Ltd" in page
    assert 'id="file-business_plan-named"' in page
    stored = (
        await Attachment.objects()
        .where(Attachment.submission == project_id)
        .output(load_json=True)
        .first()
    )
    assert stored.named == ["Wang Lei", "ColdBox Ltd"]
    await sign_in_organizer(client)
    detail = (await client.get(f"/organize/{demo.id}/submissions/{project_id}")).text
    assert "Its text names the team: Wang Lei and ColdBox Ltd" in detail
    assert "plan.pdf" in detail


async def test_submitting_needs_a_required_file_and_is_accepted_once_given(app, demo):
    await AttachmentSlot.update({AttachmentSlot.required: True}).where(
        AttachmentSlot.key == "business_plan"
    )
    async with signed_in(app, "entrant3") as client:
        project_id = await _new_project(client, demo)
        await upload(client, project_id, small_pdf())
        refused = await client.post_form(f"/projects/{project_id}/submit", {"version": "2"})
        assert refused.status_code == 400
        assert "Business plan: This file is needed before the project is submitted." in refused.text
        assert 'href="#file-business_plan"' in refused.text
        await _give(client, project_id, "business_plan", small_pdf())
        accepted = await client.post_form(f"/projects/{project_id}/submit", {"version": "3"})
    assert accepted.status_code == 303, accepted.text
    assert (await Submission.objects().get(Submission.id == project_id)).status == "submitted"


async def test_a_slot_of_another_track_is_not_asked_and_takes_no_file(app, demo):
    biomed = await Track.objects().get(Track.key == "biomed")
    await AttachmentSlot.update({AttachmentSlot.track: biomed.id}).where(
        AttachmentSlot.key == "financials"
    )
    async with signed_in(app, "entrant3") as client:
        project_id = await _new_project(client, demo)
        page = (await client.get(f"/projects/{project_id}")).text
        response = await _give(client, project_id, "financials", xlsx_bytes())
    assert 'id="file-financials"' not in page
    assert response.status_code == 404


# ---------------------------------------------------------------- who reads them


@pytest.fixture
async def judged(demo, settings):
    """A judged project of the world with a business plan and a team photo given."""
    from judging.applications.tables import FileType
    from judging.submissions.attachment_files import store_attachment

    world = await build_world(demo.id)
    project = world.projects[0]
    for slot, content, kinds in (
        ("business_plan", small_pdf(), [FileType.PDF]),
        ("team_photo", PNG, [FileType.IMAGE]),
    ):
        stored = await store_attachment(io.BytesIO(content), settings.data_dir, 5, kinds, slot)
        await Attachment(
            submission=project,
            competition=demo.id,
            slot=slot,
            sha256=stored.sha256,
            size=stored.size,
            media_type=stored.media_type,
            extension=stored.extension,
            filename=f"Secretname {slot}.{stored.extension}",
        ).save()
    return world, project


@pytest.mark.parametrize("blind", [False, True])
async def test_judges_read_files_as_the_slot_and_the_round_allow(client, judged, blind):
    world, project = judged
    await Round.update({Round.is_blind: blind}).where(Round.id == world.round_id)
    judge = await judge_signed_in(client, "judge1")
    page = (await judge.get(page_path(world, project))).text
    api = (await judge.get(api_path(world, project))).json()["project"]
    plan = await judge.get(f"/submissions/{project}/files/business_plan")
    photo = await judge.get(f"/submissions/{project}/files/team_photo")
    assert plan.status_code == 200
    assert 'id="file-business_plan"' in page
    assert "Secretname" not in page
    assert (photo.status_code == 200) is not blind
    assert ('id="file-team_photo"' in page) is not blind
    expected = ["business_plan"] if blind else ["business_plan", "team_photo"]
    assert [file["slot"] for file in api["files"]] == expected
    assert all("filename" not in file for file in api["files"])


async def test_a_judge_not_assigned_or_an_anonymous_visitor_reads_no_file(client, judged):
    _world, project = judged
    assert (await client.get(f"/submissions/{project}/files/business_plan")).status_code == 404
    judge = await judge_signed_in(client, "judge3")
    assert (await judge.get(f"/submissions/{project}/files/business_plan")).status_code == 404


# ---------------------------------------------------------------- the organizers' slots


async def test_an_organizer_asks_for_a_file_and_a_slot_without_kinds_is_refused(client, demo):
    await sign_in_organizer(client)
    form = f"/organize/{demo.id}/form/files"
    refused = await client.post_form(
        form, {"key": "pitch_video", "label_en": "Pitch video", "label_zh": "路演视频"}
    )
    assert refused.status_code == 400
    assert 'id="file_types-error"' in refused.text
    added = await client.post_form(
        form,
        {
            "key": "pitch_video",
            "label_en": "Pitch video",
            "label_zh": "路演视频",
            "file_types": ["video", "pdf"],
            "max_mb": "15",
            "required": "true",
        },
    )
    assert added.status_code == 303, added.text
    page = (await client.get(added.headers["location"])).text
    assert "The file is added to the application form." in page
    slot = (
        await AttachmentSlot.objects()
        .where(AttachmentSlot.key == "pitch_video")
        .output(load_json=True)
        .first()
    )
    assert (slot.file_types, slot.max_mb, slot.required) == (["pdf", "video"], 15, True)


async def test_a_slot_with_files_is_not_deleted_nor_narrowed_away_from_them(client, judged, demo):
    _, project = judged
    await sign_in_organizer(client)
    slot = await AttachmentSlot.objects().get(AttachmentSlot.key == "business_plan")
    api = f"/api/v1/competitions/{demo.id}/attachment-slots/{slot.id}"
    deleted = await client.api("DELETE", api)
    assert deleted.status_code == 409
    biomed = await Track.objects().get(Track.key == "biomed")
    own_track = (await Submission.objects().get(Submission.id == project)).track
    assert own_track != biomed.id
    narrowed = await client.api(
        "PUT",
        api,
        json={
            "key": "business_plan",
            "label_en": "Plan",
            "label_zh": "计划",
            "track_id": biomed.id,
        },
    )
    assert narrowed.status_code == 409
    assert "Projects in other tracks gave files for this slot" in narrowed.json()["detail"]
    renamed = await client.api(
        "PUT", api, json={"key": "business_plan", "label_en": "Plan", "label_zh": "计划"}
    )
    assert renamed.status_code == 200
    assert renamed.json()["label_en"] == "Plan"
