"""The Jinja2 prompt templates (`*.j2`), installed as package `summarize.templates`.

Edit them here: pyproject.toml maps this folder into the package (`package-dir`), so an editable
install reads these files and a wheel carries them. Each is hashed into the cache keys.
"""
