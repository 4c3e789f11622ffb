"""An independent, straightforward pure-Python implementation of the scoring rules.

Used as the oracle of the property tests and as the baseline of
``bench/scoring.py``.  It shares no code with :mod:`scoring`: plain dicts,
lists and loops, written from the rules in docs/scoring.md.
"""

from __future__ import annotations

import itertools
import math

TOLERANCE = 1e-9


def _mean(values):
    return sum(values) / len(values)


def _pstd(values):
    m = _mean(values)
    return math.sqrt(sum((v - m) ** 2 for v in values) / len(values))


def _median(values):
    s = sorted(values)
    n = len(s)
    return s[n // 2] if n % 2 else (s[n // 2 - 1] + s[n // 2]) / 2


def judge_score(criteria, card):
    """Rule 1 for one scorecard: ``card`` maps key -> score."""
    total = 0.0
    for key, weight, lo, hi in criteria:
        total = total + weight * ((card[key] - lo) / (hi - lo) * 100.0)
    return total


def _ordered_classes(items, keys):
    """Split ``items`` (best first) into tie classes level by level (rule 5)."""
    if not keys:
        return [items]
    key, rest = keys[0], keys[1:]
    items = sorted(items, key=lambda i: -key[i])
    classes, current = [], [items[0]]
    for previous, item in itertools.pairwise(items):
        if key[previous] - key[item] > TOLERANCE:
            classes.append(current)
            current = [item]
        else:
            current.append(item)
    classes.append(current)
    out = []
    for cls in classes:
        out.extend(_ordered_classes(cls, rest))
    return out


def competition_ranks(items, keys):
    ranks, position = {}, 1
    if not items:
        return ranks
    for cls in _ordered_classes(list(items), keys):
        for item in cls:
            ranks[item] = position
        position += len(cls)
    return ranks


def interval_alpha(units):
    """Krippendorff's interval alpha; ``units`` is a list of lists of values.

    Closed forms of D_o and D_e (sum of squared differences over ordered
    pairs equals 2 * m * SS).  ``None`` when undefined.
    """
    pairable = [u for u in units if len(u) >= 2]
    values = [v for u in pairable for v in u]
    n = len(values)
    if n < 2 or max(values) - min(values) <= 1e-9:
        return None
    d_o = 0.0
    for u in pairable:
        m = _mean(u)
        d_o += 2 * len(u) * sum((v - m) ** 2 for v in u) / (len(u) - 1)
    d_o /= n
    grand = _mean(values)
    d_e = 2 * sum((v - grand) ** 2 for v in values) / (n - 1)
    return 1 - d_o / d_e


def interval_alpha_by_pairs(units):
    """Krippendorff's interval alpha straight from the pair definition (O(n^2))."""
    pairable = [u for u in units if len(u) >= 2]
    values = [v for u in pairable for v in u]
    n = len(values)
    if n < 2 or max(values) - min(values) <= 1e-9:
        return None
    d_o = 0.0
    for u in pairable:
        for i, a in enumerate(u):
            for k, b in enumerate(u):
                if i != k:
                    d_o += (a - b) ** 2 / (len(u) - 1)
    d_o /= n
    d_e = 0.0
    for i, a in enumerate(values):
        for k, b in enumerate(values):
            if i != k:
                d_e += (a - b) ** 2
    d_e /= n * (n - 1)
    return 1 - d_o / d_e


def reference_scoring(
    rows,
    criteria,
    tie_breakers=(),
    normalize="zscore",
    aggregate="trimmed",
    trim=1,
    min_judges=3,
    disagreement=15.0,
):
    """All rules on ``rows`` of ``(submission_id, judge_id, criterion, score, track)``.

    ``criteria`` is a list of ``(key, weight, min, max)``.  Returns a dict with
    ``submissions`` (id -> dict of score, rank, track_rank, n_judges, flagged,
    std, track and per-criterion means), ``scorecards`` ((sid, jid) -> raw and
    normalized judge score), ``incomplete`` (set of (sid, jid)), ``alpha`` and
    ``judges`` (id -> n, mean, std, leniency).
    """
    spec = {key: (weight, lo, hi) for key, weight, lo, hi in criteria}
    keys = [c[0] for c in criteria]
    cards, tracks = {}, {}
    for line, (sid, jid, key, score, track) in enumerate(rows, start=2):
        if key not in spec:
            raise ValueError(f"line {line}: unknown criterion {key!r}")
        score = float(score)
        _, lo, hi = spec[key]
        if not lo <= score <= hi:
            raise ValueError(f"line {line}: score out of range")
        card = cards.setdefault((sid, jid), {})
        if key in card:
            raise ValueError(f"line {line}: duplicate")
        card[key] = score
        if tracks.setdefault(sid, track) != track:
            raise ValueError(f"line {line}: inconsistent track")

    complete = {pair: card for pair, card in cards.items() if len(card) == len(keys)}
    incomplete = set(cards) - set(complete)
    raw = {pair: judge_score(criteria, card) for pair, card in complete.items()}

    by_judge = {}
    for (_, jid), value in raw.items():
        by_judge.setdefault(jid, []).append(value)
    normalized = dict(raw)
    if normalize == "zscore" and raw:
        all_values = list(raw.values())
        big_m, big_s = _mean(all_values), _pstd(all_values)
        stats = {j: (_mean(v), _pstd(v), len(v)) for j, v in by_judge.items()}
        for (sid, jid), value in raw.items():
            mean_j, std_j, n_j = stats[jid]
            if n_j >= 3 and std_j > 1e-9:
                normalized[(sid, jid)] = big_m + big_s * ((value - mean_j) / std_j)

    per_sub, per_sub_raw, per_sub_crit = {}, {}, {}
    for (sid, jid), value in normalized.items():
        per_sub.setdefault(sid, []).append(value)
        per_sub_raw.setdefault(sid, []).append(raw[(sid, jid)])
        crit = per_sub_crit.setdefault(sid, {k: [] for k in keys})
        for k in keys:
            _, lo, hi = spec[k]
            crit[k].append((complete[(sid, jid)][k] - lo) / (hi - lo) * 100.0)

    submissions = {}
    for sid in {pair[0] for pair in cards}:
        values = per_sub.get(sid, [])
        n = len(values)
        if n == 0:
            score = std = math.nan
        else:
            if aggregate == "mean":
                score = _mean(values)
            elif aggregate == "median":
                score = _median(values)
            else:
                ordered = sorted(values)
                if n - 2 * trim >= 3 and trim > 0:
                    ordered = ordered[trim : n - trim]
                score = _mean(ordered)
            std = _pstd(values)
        crit = per_sub_crit.get(sid)
        submissions[sid] = {
            "score": score,
            "std": std,
            "n_judges": n,
            "flagged": n < min_judges or (n > 0 and std > disagreement),
            "track": tracks[sid],
            "criteria": {k: (_mean(crit[k]) if crit else math.nan) for k in keys},
            "rank": None,
            "track_rank": None,
        }

    ranked = [sid for sid, s in submissions.items() if s["n_judges"] >= min_judges]
    level_keys = [{sid: submissions[sid]["score"] for sid in ranked}] + [
        {sid: submissions[sid]["criteria"][k] for sid in ranked} for k in tie_breakers
    ]
    for sid, r in competition_ranks(ranked, level_keys).items():
        submissions[sid]["rank"] = r
    for track in {submissions[sid]["track"] for sid in ranked}:
        members = [sid for sid in ranked if submissions[sid]["track"] == track]
        for sid, r in competition_ranks(members, level_keys).items():
            submissions[sid]["track_rank"] = r

    units = list(per_sub_raw.values())
    sums = {sid: sum(v) for sid, v in per_sub_raw.items()}
    diffs = {jid: [] for jid in by_judge}
    for (sid, jid), value in raw.items():
        m = len(per_sub_raw[sid])
        if m >= 2:
            diffs[jid].append(value - (sums[sid] - value) / (m - 1))
    judges = {
        jid: {
            "n": len(values),
            "mean": _mean(values),
            "std": _pstd(values),
            "leniency": _mean(diffs[jid]) if diffs[jid] else math.nan,
        }
        for jid, values in by_judge.items()
    }
    return {
        "submissions": submissions,
        "scorecards": {pair: (raw[pair], normalized[pair]) for pair in raw},
        "incomplete": incomplete,
        "alpha": interval_alpha(units),
        "judges": judges,
    }
