#!/usr/bin/env bash
# The README's test command: every test, on a fresh machine, with nothing set up beforehand.
# Starts a private PostgreSQL (installing it as root when missing) for the PostgreSQL tests,
# runs every test project, then the portal's unit and end-to-end tests (infra/scripts/portal.sh), stops the server,
# and ends with "N passed, N failed" counting both.
set -uo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
source infra/scripts/postgres.sh
source infra/scripts/portal.sh

configuration=${CONFIGURATION:-Release}
results=$(mktemp -d /tmp/dx-test-results.XXXXXX)
trap 'pg_private_stop; rm -rf "$results"' EXIT

pg_private_start || { echo "Could not start PostgreSQL for the tests."; echo "0 passed, 1 failed"; exit 1; }

# SKIP_PORTAL=1 leaves the portal out (e.g. while iterating on one .NET test project with a filter).
portal_build=0
if [ "${SKIP_PORTAL:-0}" = 1 ]; then portal_build=skipped; else portal_setup; portal_build=$?; fi
if [ "$portal_build" != 0 ] && [ "$portal_build" != skipped ]; then
  echo "Installing or building the portal (frontend/) failed."
fi

dotnet build DataExchange.sln -c "$configuration" -warnaserror -nologo -clp:ErrorsOnly
build=$?
if [ $build -ne 0 ]; then
  echo "The build failed."
  echo "0 passed, 1 failed"
  exit 1
fi

dotnet test DataExchange.sln -c "$configuration" --no-build --nologo \
  --logger "trx" --results-directory "$results" "$@"
status=$?

portal_status=1
if [ "$portal_build" = skipped ]; then
  portal_status=0
elif [ "$portal_build" = 0 ]; then
  portal_tests
  portal_status=$?
fi

# Sum every project's counts from its TRX, and the portal's from its JUnit files, so the last line speaks for the whole run.
read -r passed failed < <(python3 - "$results" <<'PY'
import sys, glob, xml.etree.ElementTree as ET
passed = failed = 0
for path in glob.glob(sys.argv[1] + "/*.trx"):
    counters = ET.parse(path).getroot().find(".//{*}Counters")
    passed += int(counters.get("passed", 0))
    failed += int(counters.get("failed", 0)) + int(counters.get("error", 0)) + int(counters.get("timeout", 0)) + int(counters.get("aborted", 0))
for path in glob.glob(sys.argv[1] + "/portal-*-junit.xml"):
    root = ET.parse(path).getroot()
    suites = [root] if root.tag == "testsuite" else root.findall("testsuite")
    for suite in suites:
        total, bad = int(suite.get("tests", 0)), int(suite.get("failures", 0)) + int(suite.get("errors", 0))
        passed += total - bad - int(suite.get("skipped", 0))
        failed += bad
print(passed, failed)
PY
)
if { [ $status -ne 0 ] || [ $portal_status -ne 0 ]; } && [ "${failed:-0}" -eq 0 ]; then
  failed=1 # The runner failed without a failing test (a crash or an aborted host): still a failure.
fi
echo "${passed:-0} passed, ${failed:-0} failed"
[ "${failed:-0}" -eq 0 ] && [ $status -eq 0 ] && [ $portal_status -eq 0 ]
