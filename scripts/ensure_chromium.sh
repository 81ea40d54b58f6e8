#!/usr/bin/env bash
# Installs Debian's chromium for the browser tests when it is missing and we may install packages.
set -u
command -v chromium >/dev/null 2>&1 && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "browser: installing Debian's chromium for the browser tests"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null && exit 0
  echo "browser: could not install chromium" >&2
  exit 1
fi
echo "browser: chromium is not installed and this user cannot install it (sudo apt-get install chromium); browser tests will be skipped" >&2
exit 0
