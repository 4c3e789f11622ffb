"""The website and the video link follow one rule, said the same way in the hint, the error and
the check: an absolute https:// or http:// address."""

from __future__ import annotations

import pytest

from judging.addresses import WEB_ADDRESS_ERROR, is_web_address
from judging.errors import ValidationFailed
from judging.submissions.schemas import WEB_ADDRESS_FIELDS, ProjectFields, check_project_fields
from tests.submissions.entrant_world import project_form, project_json, signed_in, track


@pytest.mark.parametrize(
    "address", ["https://coldbox.example", "http://coldbox.example/video?v=1", "HTTPS://A.B"]
)
def test_https_and_http_addresses_are_web_addresses(address):
    assert is_web_address(address)


@pytest.mark.parametrize(
    "address",
    [
        "javascript:alert(1)",
        "ftp://x.example/v",
        "coldbox.example",
        "https://",
        "http://:80",
        "http://[oops",
        "https://cold box.example",
    ],
)
def test_other_text_is_not_a_web_address(address):
    assert not is_web_address(address)


@pytest.mark.parametrize("field", WEB_ADDRESS_FIELDS)
def test_both_fields_take_http_and_refuse_the_same_way(field):
    accepted = check_project_fields(ProjectFields(track_id=1, title="T", **{field: "http://a.b"}))
    assert getattr(accepted, field) == "http://a.b"
    with pytest.raises(ValidationFailed) as refused:
        check_project_fields(ProjectFields(track_id=1, title="T", **{field: "ftp://a.b"}))
    assert [(e.field, e.message) for e in refused.value.errors] == [(field, WEB_ADDRESS_ERROR)]


async def test_the_form_hints_the_rule_and_keeps_http_links(app, demo):
    ai = await track(demo.id)
    async with signed_in(app, "entrant3") as client:
        form = (await client.get(f"/projects/new?competition={demo.id}")).text
        assert form.count("A web address starting with https:// or http://") == 2
        saved = await client.post_form(
            "/projects/new",
            {
                **project_form(
                    ai.id, website="http://coldbox.example", video_url="http://v.example/1"
                ),
                "competition_id": str(demo.id),
            },
        )
        assert saved.status_code == 303, saved.text
        api = await client.api(
            "POST", "/api/v1/projects", json=project_json(ai.id, video_url="http://v.example/2")
        )
        assert api.status_code == 201, api.text
        refused = await client.post_form(
            "/projects/new",
            {**project_form(ai.id, video_url="ftp://v.example"), "competition_id": str(demo.id)},
        )
    assert refused.status_code == 400
    assert 'id="video_url-error"' in refused.text
    assert "such as https://example.org." in refused.text
