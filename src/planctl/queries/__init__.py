"""Questions asked of valid plans: pure functions, no printing, no files."""
