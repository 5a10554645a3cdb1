"""Writes to questionnaires, campaigns and inventories, as named actions, one module a topic."""
