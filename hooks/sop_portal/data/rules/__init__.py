"""Validation rules beyond the schemas, one module per kind: tree graphs, tree safety."""
