"""Publishing: numbered, immutable snapshots whose hash and ranking anyone can recompute."""

from __future__ import annotations

import asyncio
import hashlib
import re
from pathlib import Path

import msgspec
import pytest

import scoring
from judging.audit.tables import AuditEvent
from judging.competitions.tables import Round
from judging.errors import Conflict
from judging.results.publication import exports, snapshots
from judging.results.publication.schemas import Verification
from judging.results.publication.tables import RankingSnapshot
from judging.reviews.tables import Scorecard
from tests.results.publication_world import publish, run_scoring_cli, stored

ROOT = Path(__file__).resolve().parents[2]
SNAPSHOT_FIELDS = ("policy", "rubric_json", "scores_csv", "ranking_csv", "content_hash")


async def test_publishing_creates_version_1_that_verifies(demo, scored_round):
    out = await publish(scored_round)
    snapshot = await stored(scored_round.id, 1)
    assert out.version == 1
    assert snapshot["content_hash"] == out.content_hash
    assert re.fullmatch(r"[0-9a-f]{64}", out.content_hash)
    assert snapshots.verify(snapshot) == Verification(
        ok=True, hash_matches=True, ranking_matches=True
    )


async def test_the_hash_is_sha256_of_the_documented_canonical_json(demo, scored_round):
    await publish(scored_round)
    snapshot = await stored(scored_round.id, 1)
    document = msgspec.json.encode(
        {
            "policy": msgspec.json.decode(snapshot["policy"]),
            "ranking_csv": snapshot["ranking_csv"],
            "round": scored_round.id,
            "rubric_json": snapshot["rubric_json"],
            "scores_csv": snapshot["scores_csv"],
            "version": 1,
        }
    )
    assert hashlib.sha256(document).hexdigest() == snapshot["content_hash"]


async def test_publishing_again_makes_version_2_and_leaves_version_1_byte_identical(
    demo, scored_round
):
    await publish(scored_round)
    before = await stored(scored_round.id, 1)
    # A card changes between the publications, so version 2 really differs.
    card = await Scorecard.objects().where(Scorecard.round == scored_round.id).first()
    await Scorecard.update({Scorecard.excluded: True}).where(Scorecard.id == card.id)
    second = await publish(scored_round)
    after = await stored(scored_round.id, 1)
    assert second.version == 2
    assert {key: after[key] for key in after} == {key: before[key] for key in before}
    assert (await stored(scored_round.id, 2))["scores_csv"] != before["scores_csv"]


async def test_the_score_sheet_names_judges_only_j1_to_jn(demo, scored_round):
    await publish(scored_round)
    snapshot = await stored(scored_round.id, 1)
    judges = {line.split(",")[1] for line in snapshot["scores_csv"].splitlines()[1:]}
    assert judges == {"J1", "J2", "J3"}


async def test_the_rubric_json_is_canonical_and_has_no_whitespace(demo, scored_round):
    await publish(scored_round)
    text = (await stored(scored_round.id, 1))["rubric_json"]
    assert text == snapshots.canonical_json(msgspec.json.decode(text))
    rubric = scoring.Rubric.from_json(text)
    assert rubric.keys == ["innovation", "market", "team", "business", "feasibility"]
    assert rubric.tie_breakers == ["innovation", "market"]


async def test_the_scoring_cli_on_the_exports_reproduces_the_ranking_exactly(
    demo, scored_round, tmp_path
):
    await publish(scored_round)
    snapshot = await stored(scored_round.id, 1)
    scores = tmp_path / "scores.csv"
    rubric = tmp_path / "rubric.json"
    content_scores, _ = await exports.export_file(snapshot, "scores.csv")
    content_rubric, _ = await exports.export_file(snapshot, "rubric.json")
    scores.write_bytes(content_scores)
    rubric.write_bytes(content_rubric)
    arguments = snapshots.cli_arguments(
        snapshots.policy_from(snapshot["policy"]), "scores.csv", "rubric.json", "ranking.csv"
    )
    status, stderr = await run_scoring_cli(arguments, tmp_path)
    assert status == 0, stderr
    assert (tmp_path / "ranking.csv").read_bytes() == snapshot["ranking_csv"].encode()


async def test_the_cli_reproduces_a_ranking_published_with_a_custom_policy(
    demo, scored_round, tmp_path
):
    await Round.update(
        {
            Round.normalize: "none",
            Round.aggregate: "median",
            Round.min_judges: 2,
            Round.disagreement: 7.3,
        }
    ).where(Round.id == scored_round.id)
    await publish(scored_round)
    snapshot = await stored(scored_round.id, 1)
    (tmp_path / "s.csv").write_text(snapshot["scores_csv"], encoding="utf-8")
    (tmp_path / "r.json").write_text(snapshot["rubric_json"], encoding="utf-8")
    policy = snapshots.policy_from(snapshot["policy"])
    assert (policy["normalize"], policy["aggregate"], policy["min_judges"]) == ("none", "median", 2)
    arguments = snapshots.cli_arguments(policy, "s.csv", "r.json", "out.csv")
    status, stderr = await run_scoring_cli(arguments, tmp_path)
    assert status == 0, stderr
    assert (tmp_path / "out.csv").read_text(encoding="utf-8") == snapshot["ranking_csv"]


@pytest.mark.parametrize(
    ("field", "tamper"),
    [
        ("scores_csv", lambda text: text.replace(",J1,", ",J2,", 1)),
        ("ranking_csv", lambda text: text.replace(",false,", ",true,", 1)),
        ("rubric_json", lambda text: text.replace('"weight":0.25', '"weight":0.2500001', 1)),
        ("policy", lambda text: text.replace('"trim":1', '"trim":0')),
        ("content_hash", lambda text: "0" * 64),
        ("version", lambda value: value + 1),
    ],
)
async def test_changing_any_stored_input_makes_verification_fail(demo, scored_round, field, tamper):
    await publish(scored_round)
    copy = dict(await stored(scored_round.id, 1))
    copy[field] = tamper(copy[field])
    assert copy[field] != (await stored(scored_round.id, 1))[field]
    assert snapshots.verify(copy).ok is False
    assert snapshots.verify(await stored(scored_round.id, 1)).ok is True


async def test_a_tampered_score_sheet_fails_the_ranking_check_too(demo, scored_round):
    await publish(scored_round)
    copy = dict(await stored(scored_round.id, 1))
    header, first, *rest = copy["scores_csv"].splitlines(keepends=True)
    fields = first.split(",")
    fields[-1] = "10\n" if fields[-1].strip() != "10" else "0\n"
    copy["scores_csv"] = header + ",".join(fields) + "".join(rest)
    check = snapshots.verify(copy)
    assert (check.hash_matches, check.ranking_matches) == (False, False)


async def test_unreadable_stored_inputs_are_reported_not_raised(demo, scored_round):
    await publish(scored_round)
    copy = dict(await stored(scored_round.id, 1))
    copy["rubric_json"] = "{not json"
    check = snapshots.verify(copy)
    assert check.ok is False
    assert "rubric" in check.problem


async def test_a_round_without_counted_cards_cannot_be_published(demo):
    round_ = await Round.objects().get(Round.competition == demo.id)
    with pytest.raises(Conflict):
        await publish(round_)
    assert await RankingSnapshot.count() == 0


async def test_excluded_and_draft_cards_alone_cannot_be_published(demo, scored_round):
    await Scorecard.update({Scorecard.excluded: True}).where(Scorecard.round == scored_round.id)
    with pytest.raises(Conflict):
        await publish(scored_round)


async def test_publishing_is_audited_with_version_and_hash(demo, scored_round):
    out = await publish(scored_round)
    event = await AuditEvent.objects().where(AuditEvent.action == "published").first()
    after = msgspec.json.decode(event.after)
    assert (event.entity, event.entity_id) == ("round", scored_round.id)
    assert (after["version"], after["content_hash"]) == (1, out.content_hash)


async def test_the_database_refuses_a_second_row_with_a_taken_version(demo, scored_round):
    await publish(scored_round)
    copy = dict(await stored(scored_round.id, 1))
    del copy["id"]
    with pytest.raises(Exception, match=r"(?i)unique"):
        await RankingSnapshot.insert(RankingSnapshot(**copy))


async def test_concurrent_publications_get_distinct_versions(demo, scored_round):
    outcomes = await asyncio.gather(
        publish(scored_round), publish(scored_round), return_exceptions=True
    )
    versions = [outcome.version for outcome in outcomes if not isinstance(outcome, Exception)]
    # SQLite queues the writers; on PostgreSQL the unique index may refuse the loser.
    assert sorted(versions) in ([1, 2], [1])
    rows = await RankingSnapshot.select(RankingSnapshot.version).where(
        RankingSnapshot.round == scored_round.id
    )
    assert sorted(row["version"] for row in rows) == sorted(versions)


def test_no_code_path_updates_or_deletes_a_snapshot():
    """Snapshots are insert-only: nothing in the app writes to a stored one."""
    offenders = []
    forbidden = re.compile(
        r"RankingSnapshot\.(update|delete)\b|(UPDATE|DELETE FROM)\s+\"?ranking_snapshot",
        re.IGNORECASE,
    )
    for path in sorted((ROOT / "judging").rglob("*.py")):
        if "piccolo_migrations" in path.parts:
            continue
        text = path.read_text(encoding="utf-8")
        offenders += [f"{path.name}: {match.group(0)}" for match in forbidden.finditer(text)]
        # A loaded row saved again would be an UPDATE too.
        if re.search(r"RankingSnapshot\.objects\(\)", text):
            offenders.append(f"{path.name}: RankingSnapshot.objects()")
    assert offenders == []
