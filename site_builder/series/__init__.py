"""Resolution series and "what changed since last year".

``detect`` finds each resolution's predecessor and the chains they form; ``align``
pairs two texts' paragraphs and diffs their words; ``view`` shapes what the templates
and the terminal show; ``site`` makes the pages of a loaded site; ``command`` is
``site-builder compare``. All but ``site`` and ``command`` are pure functions of
resolutions and their paragraphs.
"""
