"""Reading and checking sop_data/: strict YAML, the JSON Schemas, the validation rules and the problems they report."""
