#!/usr/bin/env bash
# The test suite under ThreadSanitizer (issue 15): a third build, build-tsan/ (g++ -O1
# -fsanitize=thread), and every CTest test in it; the e2e tests run the instrumented binary, so
# the threaded stages (chain's training threads and ring, windowed-le, granger and shap over
# weights, the signal handler's registry) are checked in the processes the tests start. A report
# fails its test (TSan exits 66) and CI. .ci/run calls this after scripts/ci-sanitize.sh.
# Environment: TSAN_BUILD (default build-tsan), JOBS (default 2), CTEST_ARGS (e.g. -R Chain).
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${TSAN_BUILD:-build-tsan}
JOBS=${JOBS:-2}
launcher=()
if command -v ccache > /dev/null; then
  launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
  export CCACHE_BASEDIR=${CCACHE_BASEDIR:-$PWD}
fi
start=$SECONDS
cmake -S . -B "$BUILD" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g1 -fno-omit-frame-pointer -fsanitize=thread" \
  -DCMAKE_EXE_LINKER_FLAGS="-fsanitize=thread" -DLEGCNET_BUILD_BENCH=OFF > /dev/null "${launcher[@]}"
cmake --build "$BUILD" -j "$JOBS"
echo "ci-tsan: built in $((SECONDS - start)) s"
# second_deadlock_stack: both stacks of a lock-order inversion.
export TSAN_OPTIONS=${TSAN_OPTIONS:-halt_on_error=1 second_deadlock_stack=1}
start=$SECONDS
# shellcheck disable=SC2086
(cd "$BUILD" && ctest --output-on-failure -j "$JOBS" ${CTEST_ARGS:-})
echo "ci-tsan: tests under ThreadSanitizer in $((SECONDS - start)) s"
