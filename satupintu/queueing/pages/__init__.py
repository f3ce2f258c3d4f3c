"""The queue's pages: kiosk, live ticket page, counter console and TV board.

One module per page family; each ends with its `urlpatterns`, which
`satupintu/queueing/urls.py` collects under the `queueing` namespace.
"""
