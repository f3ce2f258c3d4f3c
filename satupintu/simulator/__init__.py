"""The day simulator and the queue's benchmark endpoints, out of the domain: they drive it.

No domain app imports this one (the import contract in pyproject.toml).
"""
