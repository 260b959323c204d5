"""Arabic search: an index of articles kept in step with publishing, BM25F ranking
over several analyses of each word, and backends per database vendor.

Ranking lives in ``ranking`` and is the same on every database; what differs per
vendor (phrase matching, bulk writes) lives in ``backends``.
"""
