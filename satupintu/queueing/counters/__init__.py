"""The queue at one counter: its mode and state lock (services.py), its console (selectors.py)."""
