"""Render: from the linked archive to pages, feeds, calendars and exports (pure; pages in a pool)."""
