"""site_builder: a static site generator for resolution texts."""

__version__ = "0.1.0"
