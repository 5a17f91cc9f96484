"""Exports: the files of the site that are not HTML pages, each a leaf function of the
loaded site, ``(site) -> files`` (:class:`~site_builder.model.OutFile`). They never
see the build cache or the output folder: the build decides which to make.

``catalogue`` (``data/resolutions.json``), ``feeds`` (Atom), ``sitemap``, ``search``
(the symbol map; the full-text index is made by ``pagefind`` over the written pages),
and the Akoma Ntoso XML of each resolution (``exports/akn/``).
"""
