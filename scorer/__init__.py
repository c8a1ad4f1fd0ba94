"""spinscore: offline scoring of news articles for source quality and AI-spin."""
__version__ = "0.1.0"
