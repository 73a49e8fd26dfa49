"""Progress ledgers (管考): what the units report they did, month by month, beside the plan."""
