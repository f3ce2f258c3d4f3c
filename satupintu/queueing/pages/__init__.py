"""The queue's staff and display pages: counter console and TV board.

One module per page family; each ends with its `urlpatterns`, which
`satupintu/queueing/urls.py` collects under the `queueing` namespace (with the
kiosk's, kiosk/pages.py, and the ticket's, tickets/pages.py).
"""
