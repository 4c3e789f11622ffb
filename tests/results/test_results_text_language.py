"""On the public results, each project's title carries its language where it differs from the
page's, so a screen reader reads an English title on the Chinese page in an English voice."""

from __future__ import annotations

from judging.submissions.tables import Submission
from tests.results.publication_world import publish


async def test_public_results_mark_titles_in_the_other_language(client, scored_round):
    first = await Submission.objects().where(Submission.status == "submitted").first()
    await Submission.update({Submission.title: "乡村诊所的太阳能冷链"}).where(
        Submission.id == first.id
    )
    await publish(scored_round)
    path = f"/competitions/china-gate-master-2021/results/{scored_round.id}"
    client.http.cookies.set("lang", "zh_CN")
    chinese = (await client.get(path, headers={"accept-language": "zh-CN"})).text
    client.http.cookies.set("lang", "en")
    english = (await client.get(path, headers={"accept-language": "en"})).text
    english_title = (
        await Submission.objects()
        .where((Submission.status == "submitted") & (Submission.id != first.id))
        .first()
    ).title
    assert f'<span lang="en">{english_title}</span>' in chinese
    assert "<span>乡村诊所的太阳能冷链</span>" in chinese
    assert '<span lang="zh-CN">乡村诊所的太阳能冷链</span>' in english
    assert f"<span>{english_title}</span>" in english
