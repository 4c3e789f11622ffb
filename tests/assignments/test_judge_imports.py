"""Organizers import the judge pool: profiles upserted by email, newcomers invited by mail."""

from judging.accounts.tables import Account
from judging.assignments.tables import JudgeProfile
from judging.competitions.tables import Invitation
from judging.demo import demo_email
from judging.outbox.tables import OutboxMessage
from tests.submissions.organizer_world import (
    csv_bytes,
    import_outcome,
    sign_in_organizer,
    upload,
    xlsx_bytes,
)

JUDGES = [
    {
        "email": "Prof.Lin@Example.edu",
        "name": "Prof. Lin Hui 林慧",
        "organization": "Zhejiang University",
        "tracks": "ai; biomed",
        "max_load": "8",
    },
    {
        "email": demo_email("judge1"),
        "name": "Prof. Zhang Min 张敏",
        "organization": "Nanjing University",
        "tracks": "",
        "max_load": "",
    },
]


async def _profiles(competition) -> dict[str, dict]:
    rows = (
        await JudgeProfile.select()
        .where(JudgeProfile.competition == competition.id)
        .output(load_json=True)
    )
    return {row["email"]: row for row in rows}


async def test_judges_import_adds_profiles_and_invites_only_newcomers(client, demo):
    await sign_in_organizer(client)
    response = await upload(client, demo, "judges", "judges.csv", csv_bytes(JUDGES))
    outcome = await import_outcome(client, demo, response)
    assert (outcome["status"], outcome["imported_rows"]) == ("succeeded", 2)
    assert outcome["invited"] == 1
    profiles = await _profiles(demo)
    lin = profiles["prof.lin@example.edu"]
    assert (lin["display_name"], lin["tracks"], lin["max_load"]) == (
        "Prof. Lin Hui 林慧",
        ["ai", "biomed"],
        8,
    )
    assert lin["account"] is None
    judge1 = profiles[demo_email("judge1")]
    assert judge1["max_load"] is None
    assert judge1["account"] is not None  # linked to the existing account
    invited = await Invitation.select(Invitation.email, Invitation.role)
    assert invited == [{"email": "prof.lin@example.edu", "role": "judge"}]
    mail = await OutboxMessage.objects().get(OutboxMessage.to_address == "prof.lin@example.edu")
    assert mail.kind == "invitation"


async def test_judges_import_updates_the_profile_of_the_same_email(client, demo):
    await sign_in_organizer(client)
    await JudgeProfile(
        competition=demo.id,
        email="prof.lin@example.edu",
        display_name="Old name",
        max_load=3,
        active=False,
    ).save()
    response = await upload(client, demo, "judges", "judges.csv", csv_bytes(JUDGES[:1]))
    await import_outcome(client, demo, response)
    profiles = await _profiles(demo)
    assert list(profiles) == ["prof.lin@example.edu"]
    assert profiles["prof.lin@example.edu"]["display_name"] == "Prof. Lin Hui 林慧"
    assert profiles["prof.lin@example.edu"]["max_load"] == 8
    assert profiles["prof.lin@example.edu"]["tracks"] == ["ai", "biomed"]
    assert profiles["prof.lin@example.edu"]["active"] is False  # a drop-out stays out


async def test_reimporting_judges_sends_no_second_invitation_while_one_is_pending(client, demo):
    await sign_in_organizer(client)
    for _ in range(2):
        response = await upload(client, demo, "judges", "judges.csv", csv_bytes(JUDGES))
        await import_outcome(client, demo, response)
    assert await Invitation.count() == 1
    assert await JudgeProfile.count() == 2


async def test_bad_judge_rows_fail_the_whole_import_and_are_named(client, demo):
    await sign_in_organizer(client)
    rows = [
        *JUDGES,
        {"email": "kim@example.org", "name": "Kim", "tracks": "ai;quantum", "max_load": ""},
        {"email": "PROF.LIN@example.edu", "name": "Lin again", "tracks": "", "max_load": ""},
        {"email": "no-at-sign", "name": "", "tracks": "", "max_load": "many"},
    ]
    response = await upload(client, demo, "judges", "judges.csv", csv_bytes(rows))
    outcome = await import_outcome(client, demo, response)
    assert outcome["status"] == "failed"
    assert {(error["row"], error["field"]) for error in outcome["errors"]} == {
        (4, "tracks"),
        (5, "email"),
        (6, "email"),
        (6, "name"),
        (6, "max_load"),
    }
    assert await JudgeProfile.count() == 0
    assert await Invitation.count() == 0


async def test_judges_xlsx_with_number_cells_is_read(client, demo):
    await sign_in_organizer(client)
    rows = [{"email": "ops@example.com", "name": "Ops Judge", "tracks": "digital", "max_load": 5}]
    response = await upload(client, demo, "judges", "judges.xlsx", xlsx_bytes(rows))
    outcome = await import_outcome(client, demo, response)
    assert outcome["status"] == "succeeded", outcome["errors"]
    assert (await _profiles(demo))["ops@example.com"]["max_load"] == 5


async def test_judge_with_an_account_is_invited_and_linked(client, demo):
    await sign_in_organizer(client)
    rows = [{"email": demo_email("entrant4"), "name": "Zhao Lei", "tracks": "", "max_load": ""}]
    response = await upload(client, demo, "judges", "judges.csv", csv_bytes(rows))
    await import_outcome(client, demo, response)
    account = await Account.objects().get(Account.email == demo_email("entrant4"))
    assert (await _profiles(demo))[demo_email("entrant4")]["account"] == account.id
    assert await Invitation.exists().where(Invitation.email == demo_email("entrant4"))


async def test_judges_file_without_a_name_column_is_refused_by_column(client, demo):
    await sign_in_organizer(client)
    response = await upload(
        client, demo, "judges", "judges.csv", csv_bytes([{"email": "a@example.com"}])
    )
    outcome = await import_outcome(client, demo, response)
    assert [(error["row"], error["field"]) for error in outcome["errors"]] == [(1, "name")]
