"""The consistency rules over a plan and its ledger, the registry of their codes, and which
codes a run reports. Loading and checking files is the repository's job (planctl.repository)."""
