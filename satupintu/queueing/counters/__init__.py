"""The counter: its mode and the officer's work there, calling included (services.py), the
calling rule (priority.py), its reads and console (selectors.py), its JSON (api.py), the
console page (pages.py)."""
