"""``akhbar search-eval`` and its metrics, on a small BEIR-style corpus."""

from pathlib import Path

import pytest
from django.core.management import call_command as run_search_eval_command
from django.db import connections

from akhbar.search.evaluation import EVAL_ALIAS, evaluate_run, read_qrels

FILES = Path(__file__).parent / "files"


def run_search_eval(**options):
    run_search_eval_command("search-eval", **options)


def test_metrics_on_a_known_run():
    qrels = {"a": {"x": 1}, "b": {"y": 1}, "c": {"z": 1}}
    run = {"a": ["x", "p"], "b": ["p", "y"], "c": ["p", "q"]}
    metrics = evaluate_run(run, qrels, k=10)
    assert metrics.mrr == pytest.approx((1 + 0.5 + 0) / 3)
    assert metrics.recall == pytest.approx(2 / 3)
    assert metrics.ndcg == pytest.approx((1 + 1 / 1.5849625) / 3, rel=1e-6)


def test_qrels_header_is_skipped():
    assert read_qrels(FILES / "qrels.tsv") == {
        "q1": {"d1": 1},
        "q2": {"d2": 1},
        "q3": {"d3": 1},
    }


def test_search_eval_writes_a_trec_run_and_prints_metrics(
    tmp_path, capsys, django_db_blocker
):
    """The command needs no site database: it makes and removes its own."""
    out = tmp_path / "run.tsv"
    with django_db_blocker.unblock():
        run_search_eval(
            corpus=str(FILES / "corpus.jsonl"),
            queries=str(FILES / "queries.jsonl"),
            qrels=str(FILES / "qrels.tsv"),
            distractors=[str(FILES / "distractors.jsonl")],
            k=10,
            out=str(out),
            verbosity=0,
        )
    printed = capsys.readouterr().out
    assert "5 documents indexed" in printed
    assert "nDCG@10 1.0000  MRR@10 1.0000  Recall@10 1.0000  (3 judged" in printed
    lines = [line.split() for line in out.read_text().splitlines()]
    assert lines[0][:4] == ["q1", "Q0", "d1", "1"]
    assert all(len(line) == 6 and line[5] == "akhbar" for line in lines)
    assert {line[0] for line in lines} == {"q1", "q2", "q3"}
    assert EVAL_ALIAS not in connections.settings
