"""What knows the repository: finding plans and their ledgers, loading them through the one
validation path, the checked-plan cache, worker processes, git revisions, and recording
progress."""
