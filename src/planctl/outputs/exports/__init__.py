"""Files an office exchanges: ODS, ICS, CSV, JSON, the JSON Schema."""
