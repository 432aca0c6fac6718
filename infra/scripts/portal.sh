#!/usr/bin/env bash
# The portal's part of the test command (sourced by test.sh): installs what a fresh machine lacks (Debian's chromium and
# a CJK font, as root, only when missing; Node.js is on the machine), npm ci, generates the clients and builds the
# portal, runs its Vitest unit tests and its end-to-end tests against the real host, and leaves JUnit files in
# $results for the closing count.

portal_setup() {
  if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
    if [ "$(id -u)" -eq 0 ]; then
      apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm >/dev/null
    fi
  fi
  if [ ! -x /usr/bin/chromium ] && [ "$(id -u)" -eq 0 ]; then
    echo "Installing Debian's chromium for the portal's end-to-end tests..."
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-wqy-zenhei >/dev/null
  fi
  (cd frontend && npm ci --no-audit --no-fund --loglevel=error && npm run build --silent)
}

# Unit tests (Vitest through Angular's unit-test builder), then the end-to-end suite (needs the built host DLLs).
portal_tests() {
  local status=0
  (cd frontend && npx ng test --watch=false --reporters=junit --reporters=default \
      --output-file="$results/portal-unit-junit.xml") || status=1
  if [ -x /usr/bin/chromium ]; then
    (cd frontend && CONFIGURATION="$configuration" npx vitest run --config e2e/vitest.config.ts \
        --reporter=default --reporter=junit --outputFile.junit="$results/portal-e2e-junit.xml") || status=1
  else
    echo "No /usr/bin/chromium (not root, so it could not be installed): the portal's end-to-end tests cannot run."
    status=1
  fi
  return $status
}
