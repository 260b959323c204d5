"""Reading ``/metrics`` answers in tests and benches (prometheus-client's parser)."""

from prometheus_client.parser import text_string_to_metric_families


def metric_value(text: str, name: str, **labels: str) -> float | None:
    """The sum of the samples called ``name`` whose labels include ``labels``,
    or None when there is none."""
    found = None
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            if sample.name != name:
                continue
            if all(sample.labels.get(k) == v for k, v in labels.items()):
                found = (found or 0.0) + sample.value
    return found


def routes(text: str) -> set[str]:
    """The route labels of the request counter in ``text``."""
    return {
        sample.labels["route"]
        for family in text_string_to_metric_families(text)
        for sample in family.samples
        if sample.name == "akhbar_http_requests_total"
    }
