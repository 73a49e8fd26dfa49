"""Writing files safely: atomic replacement that keeps modes and links, never onto an input; the
ledger lock."""
