"""Everything a template needs, computed before rendering: grouping, ordering, numbering, tree routes and layouts."""
