#!/usr/bin/env bash
# Installs the third-party WebSocket implementations the interop tests run against (see README,
# "Tests"). Idempotent: anything already present is left alone. Needs root for apt-get.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

apt_packages=()
/usr/bin/python3 -c 'import websockets' 2>/dev/null || apt_packages+=(python3-websockets)
/usr/bin/python3 -c 'import autobahn, twisted' 2>/dev/null || apt_packages+=(python3-autobahn python3-twisted)
# WebSocket over HTTP/2 (RFC 8441) peers: python-h2 and wsproto (sans-I/O), nghttp and curl for plain
# HTTP/2 requests, HAProxy (run in the foreground with its own configuration, never as the system service).
/usr/bin/python3 -c 'import h2' 2>/dev/null || apt_packages+=(python3-h2)
/usr/bin/python3 -c 'import wsproto' 2>/dev/null || apt_packages+=(python3-wsproto)
command -v nghttp >/dev/null 2>&1 || apt_packages+=(nghttp2-client)
command -v curl >/dev/null 2>&1 || apt_packages+=(curl)
command -v haproxy >/dev/null 2>&1 || [ -x /usr/sbin/haproxy ] || apt_packages+=(haproxy)
command -v node >/dev/null 2>&1 || apt_packages+=(nodejs)
command -v npm >/dev/null 2>&1 || apt_packages+=(npm)
# Headless Chromium and its WebDriver for browser-tests (paths fixed in browser-tests' Chromium.java).
[ -x /usr/bin/chromium ] || apt_packages+=(chromium)
[ -x /usr/bin/chromedriver ] || apt_packages+=(chromium-driver)
# HTTP/2 peers for interop-tests' http2 package: curl and nghttp/h2load as clients, HAProxy as an RFC 8441 hop.
command -v curl >/dev/null 2>&1 || apt_packages+=(curl)
command -v nghttp >/dev/null 2>&1 || apt_packages+=(nghttp2-client)
command -v haproxy >/dev/null 2>&1 || apt_packages+=(haproxy)

if [ ${#apt_packages[@]} -gt 0 ]; then
    if [ "$(id -u)" -ne 0 ]; then
        echo "install-peers: missing ${apt_packages[*]}; run as root or install them with apt-get" >&2
        exit 1
    fi
    echo "install-peers: apt-get install ${apt_packages[*]}" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${apt_packages[@]}" >/dev/null
fi

node_dir="$root/interop-tests/node"
if [ ! -f "$node_dir/node_modules/ws/package.json" ]; then
    echo "install-peers: npm install (Node ws) in $node_dir" >&2
    (cd "$node_dir" && npm install --no-package-lock --no-audit --no-fund --loglevel=error >/dev/null)
fi
