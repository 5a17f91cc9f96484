"""The site's pages: the Jinja environment (``templates``), the typed context of each
page kind (``contexts``) and the list of pages (``pages``)."""
