"""The kiosk at the MPP's entrance: what it offers (selectors.py) and its screens (pages.py)."""
