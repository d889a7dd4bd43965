"""Publish: write the site atomically, index it for search, and prove it holds no closed text."""
