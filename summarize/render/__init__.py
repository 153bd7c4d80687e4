"""Renderers: Markdown and JSON views of digests and briefings."""
