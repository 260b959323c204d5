"""System checks of the comment settings."""

from django.test import override_settings

from akhbar.comments import checks


def ids(messages):
    return [message.id for message in messages]


def test_default_settings_pass():
    assert checks.comment_settings(None) == []


@override_settings(AKHBAR_COMMENTS_MODERATION="some", AKHBAR_COMMENTS_MAX_DEPTH=0)
def test_misspelt_mode_and_bad_depth_are_errors():
    assert ids(checks.comment_settings(None)) == [
        "akhbar_comments.E001",
        "akhbar_comments.E002",
    ]


@override_settings(DEBUG=False)
def test_per_process_cache_is_flagged_for_deployments():
    # The test settings use the local-memory cache.
    assert ids(checks.shared_cache_for_rate_limits(None)) == ["akhbar_comments.W001"]
    redis = {"transient": {"BACKEND": "django.core.cache.backends.redis.RedisCache"}}
    with override_settings(CACHES=redis):
        assert checks.shared_cache_for_rate_limits(None) == []
