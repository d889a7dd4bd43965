"""Per-meeting work as one pure, picklable unit, spread over a process pool and kept in a cache."""
