#!/usr/bin/env bash
# Installs Debian's nginx for `make run-prod` and its test when missing and we may install packages.
# The package's own service is kept from starting (policy-rc.d): 债答 runs nginx with its own config.
set -u
if command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ]; then exit 0; fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "nginx: installing Debian's nginx for the production profile"
  policy=/usr/sbin/policy-rc.d
  created=0
  if [ ! -e "$policy" ]; then printf '#!/bin/sh\nexit 101\n' > "$policy" && chmod +x "$policy" && created=1; fi
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx >/dev/null
  status=$?
  [ "$created" = 1 ] && rm -f "$policy"
  [ $status -eq 0 ] && exit 0
  echo "nginx: could not install nginx" >&2
  exit 0
fi
echo "nginx: missing and this user cannot install packages (sudo apt-get install nginx); its test will be skipped" >&2
exit 0
