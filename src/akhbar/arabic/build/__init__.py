"""Offline scripts that write the derived files of ``akhbar/arabic/data``.

Run by hand from a checkout with the ``build`` extra installed (numpy and
scipy for the clusters); nothing at run time imports them. See
``akhbar/arabic/data/SOURCE.md`` for what each file is built from:

* ``python -m akhbar.arabic.build.build_data`` - word counts, person names,
  name words and the NewsFANE-derived entity list;
* ``python -m akhbar.arabic.build.build_clusters`` - distributional word
  clusters;
* ``python -m akhbar.arabic.build.train_ner`` - the entity CRF.
"""
