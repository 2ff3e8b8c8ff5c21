"""sanctions-screen: screen names and text against official sanctions lists."""

from service import source_loader as _source_loader

__version__ = "0.1.0"

if _source_loader.requested():
    _source_loader.use_source()
