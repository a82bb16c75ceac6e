# Shortcuts over the same scripts the README and CI use.
.PHONY: setup serve test validate build
setup:
	bash .ci/setup --test
serve:
	bash .ci/serve
test:
	bash .ci/run
validate:
	.venv/bin/sop validate sop_data
build:
	NO_MKDOCS_2_WARNING=1 .venv/bin/mkdocs build --strict
