"""The data model and its checks: the schema, the validator, typed tables, and what the data means on a date
(rules in force, names of their day, reported statuses, the practice matrix). Imports only `paths`."""
