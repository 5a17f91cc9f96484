"""What a process that builds one site again and again keeps from build to build."""

from __future__ import annotations

from site_builder.cache import BuildCache


class Session:
    """What a process that builds one site again and again (the live preview) keeps
    from build to build: the cache, in memory as well as on disk, so that a save does
    not read every record back. A build that fails drops it (the next one reads the
    cache anew)."""

    def __init__(self) -> None:
        self.cache: BuildCache | None = None

    def close(self) -> None:
        if self.cache is not None:
            self.cache.close()
            self.cache = None
