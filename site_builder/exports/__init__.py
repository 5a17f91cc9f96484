"""The exports: files made from the whole site, beside its pages (Akoma Ntoso XML in
``exports/akn/``)."""
