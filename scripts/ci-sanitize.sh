#!/usr/bin/env bash
# The test suite under AddressSanitizer + UndefinedBehaviorSanitizer, then every reader's fuzz
# target for a bounded time (.ci/run calls this after make test; also usable by hand).
#   scripts/ci-sanitize.sh [--no-fuzz] [--fuzz-only]
# Environment: SANITIZE_BUILD (build directory, default build-sanitize), FUZZ_SECONDS (per
# target, default 20), JOBS (default 2), CTEST_ARGS (extra ctest arguments, e.g. -R Series).
# With clang the same build has libFuzzer's coverage instrumentation and the fuzz targets link
# with libFuzzer; with g++ they use the deterministic mutation driver fuzz/standalone_driver.cpp.
# Any sanitizer report fails the run: -fno-sanitize-recover=all makes UBSan abort, ASan always does.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${SANITIZE_BUILD:-build-sanitize}
FUZZ_SECONDS=${FUZZ_SECONDS:-20}
JOBS=${JOBS:-2}
run_tests=1 run_fuzz=1
for arg in "$@"; do
  case $arg in
    --no-fuzz) run_fuzz=0 ;;
    --fuzz-only) run_tests=0 ;;
    *) echo "ci-sanitize.sh: unknown argument $arg" >&2; exit 2 ;;
  esac
done

# g++ by default: clang 14 (Debian 12's) cannot compile the tree (C++20 lambdas capturing
# structured bindings need clang 16). SANITIZE_CXX=clang++-NN (16 or later, with its
# libclang-rt-NN-dev) also builds the fuzz targets with libFuzzer and coverage instrumentation.
compiler=${SANITIZE_CXX:-g++}
# -O1 and line tables only: stack traces name file and line, and the build stays affordable.
flags="-O1 -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=all"
if [[ $compiler == clang* ]]; then
  flags="$flags -gline-tables-only -fsanitize=fuzzer-no-link -Wno-unknown-warning-option"
else
  flags="$flags -g1"
fi
launcher=()
# ccache with paths relative to the clone, so that CI's fresh clones share the cache.
if command -v ccache > /dev/null; then
  launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
  export CCACHE_BASEDIR=${CCACHE_BASEDIR:-$PWD}
fi
start=$SECONDS
cmake -S . -B "$BUILD" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_COMPILER="$compiler" \
  -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="$flags" -DCMAKE_EXE_LINKER_FLAGS="-fsanitize=address,undefined" \
  -DLEGCNET_BUILD_BENCH=OFF -DLEGCNET_BUILD_FUZZ=ON "${launcher[@]}" > /dev/null
cmake --build "$BUILD" -j "$JOBS"
echo "ci-sanitize: built with $compiler in $((SECONDS - start)) s"

# Leaks count as reports too; stack traces name the line.
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:strict_string_checks=1:detect_stack_use_after_return=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}

if ((run_tests)); then
  start=$SECONDS
  # shellcheck disable=SC2086
  (cd "$BUILD" && ctest --output-on-failure -j "$JOBS" ${CTEST_ARGS:-})
  echo "ci-sanitize: tests under ASan+UBSan in $((SECONDS - start)) s"
fi

if ((run_fuzz)); then
  for target in "$BUILD"/fuzz/fuzz_*; do
    [[ -x $target ]] || continue
    name=$(basename "$target")
    seeds=tests/fuzz/${name#fuzz_}
    # New inputs go to a scratch directory (the first one named), never into the committed seeds;
    # the targets' own files (TMPDIR) go there too and are removed with it.
    scratch=$(mktemp -d)
    mkdir "$scratch/corpus"
    start=$SECONDS
    status=0
    TMPDIR=$scratch "$target" -max_total_time="$FUZZ_SECONDS" -timeout=10 -rss_limit_mb=2048 \
      -artifact_prefix="$BUILD/$name-" "$scratch/corpus" "$seeds" > "$BUILD/$name.log" 2>&1 || status=$?
    rm -rf "$scratch"
    tail -n 2 "$BUILD/$name.log"
    if ((status != 0)); then
      tail -n 60 "$BUILD/$name.log" >&2
      echo "ci-sanitize: $name failed (exit $status); the input is in $BUILD/$name-*" >&2
      exit 1
    fi
    echo "ci-sanitize: $name ran $((SECONDS - start)) s without a finding"
  done
fi
