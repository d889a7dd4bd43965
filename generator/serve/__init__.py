"""Serve: the local web server, the watcher that rebuilds, and the reload of open pages."""
