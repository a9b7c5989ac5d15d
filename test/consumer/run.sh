#!/usr/bin/env bash
# The package as another project gets it: `npm pack`, then a new empty project in a
# temporary folder installs the tarball with --omit=dev and uses it from the
# command line, from plain Node and from TypeScript. Run by .ci/run after the suite;
# prints one line per check and ends with `consumer: P passed, F failed`.
set -uo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
passed=0; failed=0
ok()   { echo "ok - $1"; passed=$((passed + 1)); }
fail() { echo "not ok - $1"; failed=$((failed + 1)); }

tarball="$(cd "$repo" && npm pack --silent --pack-destination "$work" | tail -n 1)"
if [ -z "$tarball" ] || [ ! -f "$work/$tarball" ]; then
  fail "npm pack"; echo "consumer: $passed passed, $failed failed"; exit 1
fi
ok "npm pack: $tarball ($(du -k "$work/$tarball" | cut -f1) KiB)"

mkdir "$work/project" && cd "$work/project" || exit 1
cp "$here"/true.proof "$here"/false.proof "$here"/consumer.mjs "$here"/consumer.ts "$here"/tsconfig.json .
printf '{ "name": "consumer", "version": "1.0.0", "private": true, "type": "module" }\n' > package.json
if npm install --omit=dev --no-audit --no-fund "$work/$tarball" > install.log 2>&1; then ok "npm install --omit=dev <tarball>"; else cat install.log; fail "npm install --omit=dev <tarball>"; fi
if [ -d node_modules/tsx ] || [ -d node_modules/nerdamer ] || [ -d node_modules/typescript ]; then fail "no devDependency installed"; else ok "no devDependency installed"; fi

out="$(npx --no-install proofcheck true.proof 2>&1)"; code=$?
if [ $code -eq 0 ] && grep -q 'PROVED' <<<"$out" && grep -q '^1 passed, 0 failed' <<<"$out"; then ok "npx proofcheck true.proof: exit 0, PROVED"; else echo "$out"; fail "npx proofcheck true.proof (exit $code)"; fi

out="$(npx --no-install proofcheck false.proof 2>&1)"; code=$?
if [ $code -eq 1 ] && grep -q 'REFUTED' <<<"$out"; then ok "npx proofcheck false.proof: exit 1, REFUTED"; else echo "$out"; fail "npx proofcheck false.proof (exit $code)"; fi

out="$(node consumer.mjs 2>&1)"; code=$?
if [ $code -eq 0 ] && [ "$out" = "square: PROVED" ]; then ok "plain node imports check"; else echo "$out"; fail "plain node imports check (exit $code)"; fi

out="$("$repo/node_modules/.bin/tsc" -p tsconfig.json 2>&1)"; code=$?
if [ $code -eq 0 ]; then ok "tsc --noEmit on a TypeScript consumer"; else echo "$out"; fail "tsc --noEmit on a TypeScript consumer"; fi

echo "consumer: $passed passed, $failed failed"
[ $failed -eq 0 ]
