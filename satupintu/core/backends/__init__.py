"""Database backends: Django's own, with the changes our request path measured."""
