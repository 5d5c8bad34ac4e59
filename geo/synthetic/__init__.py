"""Generated data: the demo city and benchmark scenarios."""
