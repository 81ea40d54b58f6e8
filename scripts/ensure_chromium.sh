#!/usr/bin/env bash
# Installs Debian's chromium (and a CJK font, so screenshots show Chinese) for the browser
# tests when missing and we may install packages. Never downloads a browser of its own.
set -u
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
fc-list 2>/dev/null | grep -qi "wenquanyi\|noto sans cjk" || need+=(fonts-wqy-microhei)
[ ${#need[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "browser: installing ${need[*]} from Debian for the browser tests"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null && exit 0
  echo "browser: could not install ${need[*]}" >&2
  command -v chromium >/dev/null 2>&1 && exit 0
  exit 1
fi
echo "browser: ${need[*]} missing and this user cannot install packages (sudo apt-get install ${need[*]}); browser tests will be skipped" >&2
exit 0
