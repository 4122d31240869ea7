#!/bin/sh
# The browser tests (tests/browser/) drive Debian's Chromium: Playwright's own
# browser download (`playwright install`) is not reachable from our machines.
# Installs it when missing; does nothing when it is there.
set -eu

CHROMIUM="${CHROMIUM:-/usr/bin/chromium}"

if [ -x "$CHROMIUM" ]; then
    exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
    echo "ensure-chromium: $CHROMIUM is missing and there is no apt-get to install it." >&2
    echo "ensure-chromium: install Chromium yourself and set CHROMIUM=/path/to/chromium." >&2
    exit 1
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then
        SUDO="sudo"
    else
        echo "ensure-chromium: $CHROMIUM is missing; run as root or install the Debian package 'chromium'." >&2
        exit 1
    fi
fi

echo "ensure-chromium: installing Debian's chromium (needed by the browser tests)"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends chromium >/dev/null

if [ ! -x "$CHROMIUM" ]; then
    echo "ensure-chromium: apt-get finished but $CHROMIUM is still missing." >&2
    exit 1
fi
echo "ensure-chromium: $("$CHROMIUM" --version 2>/dev/null)"
