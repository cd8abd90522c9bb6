#!/bin/sh
# The rotations' check (scripts/rotate.py), in the postgres container: role $2 logs in over TCP
# to $1 (the pod's own address: the socket and loopback are `trust` in the postgres image, so
# only TCP to that address asks for the password). stdin: two lines, a password the server
# must refuse, then one it must accept; they reach psql through the environment, never argv.
# Exit 3: the first logged in; 4: it failed for another reason than the password (nothing was
# proven); 5: the second was refused.
set -eu
host=$1
role=$2
IFS= read -r refused
IFS= read -r accepted
login() {
  PGPASSWORD=$1 psql -X -w -h "$host" -U "$role" -d "$POSTGRES_DB" -tAc 'SELECT 1' 2>&1
}
if answer=$(login "$refused"); then
  echo "role $role: the password that must be refused logs in over TCP ($host)" >&2
  exit 3
fi
case $answer in
  *"password authentication failed"*) ;;
  *) echo "role $role: the login over TCP ($host) failed, but not on the password: $answer" >&2; exit 4 ;;
esac
if ! answer=$(login "$accepted"); then
  echo "role $role: the password that must log in is refused over TCP ($host): $answer" >&2
  exit 5
fi
echo "role $role over TCP ($host): the first password refused, the second accepted"
