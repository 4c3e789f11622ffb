"""What a published snapshot holds, as text: the canonical documents, the hash, the command
that recomputes it, its ranking read back and its verification. Pure: no database.

A snapshot keeps exactly what an auditor needs: the anonymized score sheet (``scores_csv``,
judges as J1, J2, ...), the rubric (``rubric_json``), the policy, and the ranking computed
*from that text* (``ranking_csv``), so ``python -m scoring rank`` run on the exports writes
the same bytes. ``content_hash`` is the SHA-256 of :func:`hash_document`: a canonical JSON
object (keys sorted, no whitespace) of the round id, the version, the policy and the three
texts.
"""

from __future__ import annotations

import csv
import hashlib
import io
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import msgspec

import scoring
from judging.results.publication.exports import export_name
from judging.results.publication.schemas import Verification
from judging.results.sheets.score_sheet import rank_sheet_text

# Columns of ranking_csv before the criteria (see docs/scoring.md, RANKING.csv).
RANKING_COLUMNS = (
    "submission_id",
    "track",
    "score",
    "rank",
    "track_rank",
    "n_judges",
    "flagged",
    "score_std",
)


# ---------------------------------------------------------------- canonical texts


def canonical_json(value: Any) -> str:
    """JSON with sorted keys and no whitespace: the same text for the same value, every run."""
    return msgspec.json.encode(value, order="sorted").decode()


# A JSON document (the stored ``policy`` column and the CLI's flags), so a plain mapping.
def policy_document(policy: scoring.Policy) -> dict[str, Any]:
    """The policy as a plain mapping (the stored ``policy`` column, keys as the CLI's flags)."""
    return msgspec.structs.asdict(policy)


def rubric_document(rubric: scoring.Rubric, criteria_rows: Iterable[Mapping[str, Any]]) -> str:
    """``RUBRIC.json`` of the round: what the CLI reads, plus the criteria's labels.

    The labels (``label_en``, ``label_zh``) are ignored by the scoring module; they let the
    pages name the criterion averages of a snapshot without another source.
    """
    labels = {row["key"]: row for row in criteria_rows}
    criteria = [
        {
            "key": criterion.key,
            "weight": criterion.weight,
            "min": criterion.min,
            "max": criterion.max,
            "label_en": labels.get(criterion.key, {}).get("label_en", ""),
            "label_zh": labels.get(criterion.key, {}).get("label_zh", ""),
        }
        for criterion in rubric.criteria
    ]
    return canonical_json({"criteria": criteria, "tie_breakers": list(rubric.tie_breakers)})


# The stored JSON document back as a mapping: scoring.Policy(**it) and hashing take it whole.
def policy_from(stored: str | bytes | Mapping[str, Any]) -> dict[str, Any]:
    """The stored ``policy`` column (JSON text, or already decoded) as a mapping."""
    if isinstance(stored, str | bytes):
        return msgspec.json.decode(stored)
    return dict(stored)


def hash_document(
    round_id: int,
    version: int,
    policy: Mapping[str, Any],
    rubric_json: str,
    scores_csv: str,
    ranking_csv: str,
) -> bytes:
    """The canonical bytes :func:`content_hash` digests (UTF-8 JSON, keys sorted)."""
    document = {
        "round": round_id,
        "version": version,
        "policy": dict(policy),
        "rubric_json": rubric_json,
        "scores_csv": scores_csv,
        "ranking_csv": ranking_csv,
    }
    return msgspec.json.encode(document, order="sorted")


def content_hash(
    round_id: int,
    version: int,
    policy: Mapping[str, Any],
    rubric_json: str,
    scores_csv: str,
    ranking_csv: str,
) -> str:
    """SHA-256 (hex) of the snapshot's inputs and output, see :func:`hash_document`."""
    document = hash_document(round_id, version, policy, rubric_json, scores_csv, ranking_csv)
    return hashlib.sha256(document).hexdigest()


def cli_arguments(policy: Mapping[str, Any], scores: str, rubric: str, out: str) -> list[str]:
    """Arguments of ``python -m scoring`` that recompute a snapshot's ranking from its files."""
    return [
        "rank",
        scores,
        "--rubric",
        rubric,
        "--out",
        out,
        "--normalize",
        str(policy["normalize"]),
        "--aggregate",
        str(policy["aggregate"]),
        "--trim",
        str(policy["trim"]),
        "--min-judges",
        str(policy["min_judges"]),
        # repr() of a float reads back as the same float.
        "--disagreement",
        repr(float(policy["disagreement"])),
    ]


def cli_command(round_id: int, version: int, policy: Mapping[str, Any]) -> str:
    """The shell command an auditor runs on the downloaded files of a version."""
    arguments = cli_arguments(
        policy,
        export_name(round_id, version, "scores.csv"),
        export_name(round_id, version, "rubric.json"),
        "recomputed-ranking.csv",
    )
    return "python -m scoring " + " ".join(arguments)


# ---------------------------------------------------------------- reading a ranking text


@dataclass(frozen=True)
class RankedRow:
    """One line of a published ``ranking_csv``."""

    submission_id: int
    track: str
    score: float | None
    rank: int | None
    track_rank: int | None
    n_judges: int
    flagged: bool
    criteria: dict[str, float | None]


def _float(text: str) -> float | None:
    return float(text) if text else None


def _int(text: str) -> int | None:
    return int(text) if text else None


def ranking_rows(ranking_csv: str) -> list[RankedRow]:
    """The lines of a published ranking, in their published order."""
    reader = csv.DictReader(io.StringIO(ranking_csv))
    criterion_keys = [name for name in reader.fieldnames or [] if name not in RANKING_COLUMNS]
    return [
        RankedRow(
            submission_id=int(line["submission_id"]),
            track=line["track"],
            score=_float(line["score"]),
            rank=_int(line["rank"]),
            track_rank=_int(line["track_rank"]),
            n_judges=int(line["n_judges"]),
            flagged=line["flagged"] == "true",
            criteria={key: _float(line[key]) for key in criterion_keys},
        )
        for line in reader
    ]


def rubric_labels(rubric_json: str) -> list[dict[str, str]]:
    """``key``, ``label_en`` and ``label_zh`` of each criterion of a snapshot's rubric."""
    document = msgspec.json.decode(rubric_json)
    return [
        {
            "key": item["key"],
            "label_en": item.get("label_en") or item["key"],
            "label_zh": item.get("label_zh") or item["key"],
        }
        for item in document["criteria"]
    ]


# ---------------------------------------------------------------- verifying


def verify(snapshot: Mapping[str, Any]) -> Verification:
    """Recompute a snapshot's hash and ranking from its stored inputs (pure; CPU-bound).

    ``snapshot`` is a row (``round``, ``version``, ``policy``, ``rubric_json``,
    ``scores_csv``, ``ranking_csv``, ``content_hash``). The ranking matches when
    ranking the stored sheet with the stored rubric and policy gives ``ranking_csv`` byte for
    byte; inputs the scoring module refuses are reported in ``problem``.
    """
    policy = policy_from(snapshot["policy"])
    digest = content_hash(
        int(snapshot["round"]),
        int(snapshot["version"]),
        policy,
        snapshot["rubric_json"],
        snapshot["scores_csv"],
        snapshot["ranking_csv"],
    )
    hash_matches = digest == snapshot["content_hash"]
    problem = ""
    try:
        rubric = scoring.Rubric.from_json(snapshot["rubric_json"])
        result = rank_sheet_text(snapshot["scores_csv"], rubric, scoring.Policy(**policy))
        ranking_matches = scoring.ranking_to_csv(result.table) == snapshot["ranking_csv"]
    except (scoring.ScoringInputError, TypeError) as exc:
        ranking_matches = False
        problem = str(exc)
    return Verification(
        ok=hash_matches and ranking_matches,
        hash_matches=hash_matches,
        ranking_matches=ranking_matches,
        problem=problem,
    )
