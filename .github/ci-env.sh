#!/usr/bin/env bash
# The settings of a CI job that synthesizes or deploys: .env.example as it is (DOMAIN,
# TRAEFIK_CHART, sizes ...), with fresh random stand-ins for the two required secrets and the
# key of the Secret revisions' names.
# They only ever reach the throw-away cluster's Secret (`make secret`); dist/ holds no
# secret value whatever they are. REGISTRY and the tags come from the job's environment,
# which wins over .env. Exported through GITHUB_ENV, masked in the log. With
# SECRETS_SOURCE=age (the job's environment) the secrets are the committed encrypted
# file's instead, and a stand-in beside them would be refused as a plaintext copy; the
# revisions' key is no credential and stays in the job's environment in every mode.
set -euo pipefail
cp .env.example .env
keys=(SECRETS_DIGEST_KEY)
if [ "${SECRETS_SOURCE:-env}" = env ]; then
  keys+=(POSTGRES_PASSWORD SECRET_KEY)
fi
for key in "${keys[@]}"; do
  value="$(openssl rand -hex 32)"
  echo "::add-mask::${value}"
  echo "${key}=${value}" >>"${GITHUB_ENV}"
done
# The pushed images may be private: every pod names this pull Secret (the deploy job creates it).
echo "IMAGE_PULL_SECRET=registry-pull" >>"${GITHUB_ENV}"
