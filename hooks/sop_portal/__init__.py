"""Portal SOP TPPO: the national SOP on integrated services for trafficking victims as validated, bilingual data.

Layers: ``yamlload`` (strict YAML) → ``schema`` + ``validate`` (two passes) → ``build`` (the ``model``)
→ rendering and the ``cli``. Nothing in this package imports MkDocs; ``hooks/mkdocs_hook.py`` does.
"""

__version__ = "0.1.0"
