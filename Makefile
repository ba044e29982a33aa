# Thin bootstrap: create the Python environment from the lock file, then hand over to invoke.
#   make serve   set everything up, build the demo site, serve it on http://127.0.0.1:8000
#   make test    set everything up (browser, fonts, HTML checker too) and run the whole test suite
#   make build   build into output/ and exit
#   make publish build with the public URL, check everything, deploy (invoke publish)
#   make lock    re-pin requirements.lock after changing requirements.in

VENV := .venv
STAMP := $(VENV)/.installed

.PHONY: serve build test check lock clean setup test-setup

serve: setup
	$(VENV)/bin/invoke serve

build: setup
	$(VENV)/bin/invoke build

check: setup
	$(VENV)/bin/invoke check

test: setup test-setup
	$(VENV)/bin/invoke test

setup: $(STAMP)

$(STAMP): requirements.lock pyproject.toml scripts/bootstrap.sh
	bash scripts/bootstrap.sh python
	touch $(STAMP)

test-setup:
	bash scripts/bootstrap.sh test

# Build, check and deploy as village.yml's deploy: section says (what CI runs on main).
.PHONY: publish
publish: setup
	bash scripts/bootstrap.sh deploy
	$(VENV)/bin/invoke publish

lock: setup
	$(VENV)/bin/pip install -q pip-tools
	$(VENV)/bin/pip-compile -q --generate-hashes --allow-unsafe --strip-extras -o requirements.lock requirements.in

clean:
	rm -rf output .cache $(VENV) node_modules
