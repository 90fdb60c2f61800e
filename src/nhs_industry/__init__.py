"""Shared code for the NHS-industry collaboration history: schema, data, validation, charts, pages."""
