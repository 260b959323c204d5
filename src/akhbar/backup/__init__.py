"""Backup and restore of a whole site: every table and every stored file."""
