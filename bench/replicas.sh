#!/usr/bin/env bash
# Three `serve` replicas on one PostgreSQL under mixed load (tests/app/replicas.rs), for
# longer than in CI: prints requests, p50/p99 latency per kind of request and each
# process's peak memory, then checks that nothing was lost or doubled.
#
#   bench/replicas.sh [SECONDS]            # default 60; debug build (what the suite runs)
#   PROFILE=release bench/replicas.sh 60   # the optimised build (fat LTO: a long build)
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-60}"
profile="${PROFILE:-test}"
export TEST_DATABASE_URL="${TEST_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/postgres}"
export CIVIC_REPLICAS_SECONDS="$seconds"
cargo nextest run --cargo-profile "$profile" --no-capture \
  -E 'test(replicas::three_replicas_under_mixed_load)' 2>&1 |
  sed -n '/three replicas,/,/peak RSS/p;/PASS\|FAIL/p'
