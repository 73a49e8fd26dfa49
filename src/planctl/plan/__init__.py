"""Reading a plan: YAML with source positions, the pydantic model, schema findings, loading."""
