"""Use cases of the search room: the search page's results (results.py)."""
