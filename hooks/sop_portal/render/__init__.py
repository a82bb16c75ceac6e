"""The one Jinja environment of the site's page templates, its filters and the marker registry."""
