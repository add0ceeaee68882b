"""The Sijill application: commands, queries, settings, logging, CLI and web app."""
