"""Indonesian-aware service search (docs/adr/0004-service-search.md).

text.py       words, stop words, filler words, Sastrawi stems
synonyms.py   synonyms.txt: one form for every way of saying a thing; citizen words
typos.py      spelling correction against the indexed words
analysis.py   service texts and queries to index tokens, by field
backends.py   the index in SQLite FTS5 or PostgreSQL tsvector + GIN, and its scoring
index.py      index_service (called by catalog.services.publish_version), rebuild
query.py      search() / search_services(): what pages and the API call
evaluation.py eval.json: accuracy and latency (satupintu search_eval)
views.py, urls.py   the results pages; the box is templates/catalog/search/_box.html
"""
