#!/usr/bin/env bash
# Writes tests/regression/expected.csv from a finished 5-seed `make experiment`: seed 1's epochs,
# mask hash, test accuracy and % pruned for every dataset and method, with bands of two sample
# standard deviations of the seed-to-seed spread (results/spread.csv), written beside them.
#   scripts/make-regression-expected.sh [results-dir] > tests/regression/expected.csv
set -euo pipefail
results="${1:-results}"
awk -F, '
  FNR == 1 { next }
  FILENAME ~ /spread.csv$/ { sd_acc[$1 "," $2] = $5; sd_pruned[$1 "," $2] = $7; seeds[$1 "," $2] = $3; next }
  $3 == 1 {
    key = $1 "," $2
    if (!(key in sd_acc)) { print "no spread for " key > "/dev/stderr"; exit 1 }
    printf "%s,%s,%s,%s,%s,%s,%.6f,%s,%.6f,%s,%s,%s\n", $1, $2, $3, $4, $13, $6, 2 * sd_acc[key], $10, 2 * sd_pruned[key],
           sd_acc[key], sd_pruned[key], seeds[key]
  }
  BEGIN { print "dataset,method,seed,epochs,mask_sha256,test_acc,test_acc_band,pct_pruned,pct_pruned_band,test_acc_sd,pct_pruned_sd,sd_seeds" }
' "$results/spread.csv" "$results/summary.csv"
