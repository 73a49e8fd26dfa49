"""What planctl writes: reports, tables, templates, PDF, files."""
