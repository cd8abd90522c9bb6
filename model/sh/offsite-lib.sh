#!/bin/sh
# What the restic steps (offsite*.sh) start with, run by the official restic image's busybox
# sh (or Debian's restic in the tests). restic reads RESTIC_REPOSITORY, RESTIC_PASSWORD and the
# backend's credentials from the environment (the Secret); BACKUP_HOST names this app's
# snapshots, as pod names change every run. A failure ends in one line saying what failed,
# where, and restic's own reason, after restic's full output.
set -eu
restic_err=$(mktemp)
trap 'rm -f "$restic_err"' EXIT

fail() {
  echo "off-site: FAILED: $*" >&2
  exit 1
}

reason() {
  grep -m 1 '^Fatal: ' "$restic_err" || tail -n 1 "$restic_err"
}

# $1: what is being done; the rest: restic's arguments. stdout stays restic's.
run_restic() {
  what=$1
  shift
  if ! restic "$@" 2> "$restic_err"; then
    cat "$restic_err" >&2
    fail "$what at $RESTIC_REPOSITORY: $(reason)"
  fi
  cat "$restic_err" >&2
}

# A repository that does not exist yet is created (init refuses to touch an existing one);
# any other error (unreachable, wrong password, denied) stops here with its reason.
open_repository() {
  if restic cat config > /dev/null 2> "$restic_err"; then
    return 0
  fi
  if grep -q 'unable to open config file' "$restic_err"; then
    run_restic "restic init" init
    return 0
  fi
  cat "$restic_err" >&2
  fail "opening the repository $RESTIC_REPOSITORY: $(reason)"
}
