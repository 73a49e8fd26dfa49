"""Answers for the terminal and for scripts: due, duties, status, check findings, explain."""
