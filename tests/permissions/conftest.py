"""The permission matrix: every URL for every persona (rows by topic in rows/)."""
