"""Helpdesk backends shipped with deskside; each registers as a `deskside.backends` entry point."""
