"""Questionnaires, campaigns and inventories (the état des lieux)."""
