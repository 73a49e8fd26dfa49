"""Documents to print or file: the plan, its schedules and progress reports (templates, PDF,
ODT), the 修正對照表, next year's draft."""
