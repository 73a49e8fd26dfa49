"""The consistency rules and checking plan files: one registry of codes."""
