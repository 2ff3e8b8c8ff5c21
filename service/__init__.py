"""sanctions-screen: screen names and text against official sanctions lists."""

__version__ = "0.1.0"
