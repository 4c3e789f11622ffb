"""The app starts, answers health checks and renders its home page in both languages."""


async def test_healthz_answers_ok_when_database_answers(client):
    response = await client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


async def test_home_page_renders_for_anonymous_visitor(client, demo):
    response = await client.get("/")
    assert response.status_code == 200
    assert '<html lang="en">' in response.text
    assert "China Gate Master 2021" in response.text
