"""The MkDocs site: settings, page paths, the stub writer and nav expander, search, offline support, post-build."""
