"""The wait: people ahead (selectors.py) and the minutes until the call (estimate.py)."""
