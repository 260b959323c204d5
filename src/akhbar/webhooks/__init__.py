"""Webhooks: signed HTTP posts to the endpoints editors register, on publishing
and comment events, sent and retried by the scheduler's periodic job."""
