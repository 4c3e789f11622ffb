"""Password hashing: argon2's recommended work everywhere but in the test suite's own runs."""

import pytest
from argon2 import extract_parameters, profiles

from judging.accounts import passwords


def _hash_under(monkeypatch: pytest.MonkeyPatch, env: str) -> str:
    monkeypatch.setenv("JUDGING_ENV", env)
    passwords._hasher.cache_clear()
    passwords._dummy_hash.cache_clear()
    try:
        return passwords.hash_password_sync("correct-horse-battery")
    finally:
        # The next hash reads the environment again, restored after this test.
        passwords._hasher.cache_clear()
        passwords._dummy_hash.cache_clear()


@pytest.mark.parametrize("env", ["production", "development"])
def test_outside_tests_passwords_get_argon2s_recommended_work(monkeypatch, env):
    assert extract_parameters(_hash_under(monkeypatch, env)) == profiles.RFC_9106_LOW_MEMORY


def test_test_runs_hash_cheaply_in_the_same_format(monkeypatch):
    parameters = extract_parameters(_hash_under(monkeypatch, "test"))
    assert parameters.type == profiles.RFC_9106_LOW_MEMORY.type
    assert (parameters.time_cost, parameters.memory_cost, parameters.parallelism) == (1, 8, 1)
    assert passwords._verify(_hash_under(monkeypatch, "test"), "correct-horse-battery")
