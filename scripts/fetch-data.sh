#!/usr/bin/env bash
# Puts the datasets legcnet's presets read into a data directory, each verified by sha256:
# copied from a local mirror when one is given (--from DIR or $LEGCNET_DATA_MIRROR), downloaded
# from its public source otherwise. Files already present with the right hash are left alone.
#
#   scripts/fetch-data.sh [--from DIR] [--dest DIR] [PRESET...]   (default: every tabular preset)
#   presets: cancer titanic banknote iris iris3f vowel mnist
set -euo pipefail

dest="$(dirname "$0")/../data"
mirror="${LEGCNET_DATA_MIRROR:-}"
presets=()
while [ $# -gt 0 ]; do
  case "$1" in
    --from) mirror="$2"; shift 2 ;;
    --dest) dest="$2"; shift 2 ;;
    -h|--help) sed -n 2,8p "$0"; exit 0 ;;
    *) presets+=("$1"); shift ;;
  esac
done
[ ${#presets[@]} -gt 0 ] || presets=(cancer titanic banknote iris iris3f vowel)

# The authors' repository at the commit the paper's data was taken from, and MNIST's files as
# served by PyTorch's public mirror of the original LeCun distribution (same bytes).
authors="https://raw.githubusercontent.com/RAJAN13-blip/chaotic-pruning/25a1d8ed96c74a13165ce1b9e270fbdd3b541548/data"
mnist="https://ossci-datasets.s3.amazonaws.com/mnist"

# file|sha256|url
files_of() {
  case "$1" in
    cancer) echo "binary_cancer.csv|2d0f622039ef322e6faec6302cb7a2c565c5a7933a1702525b7abfd577b80a03|$authors/binary_cancer.csv" ;;
    banknote) echo "binary_banknote.csv|98c292f483dd009d804d0e16886ea287b201ddf98392547c26a1fe9e597a96d7|$authors/binary_banknote.csv" ;;
    iris|iris3f) echo "Iris.csv|600ac44f23c2e6e0ae37daac8ceb2baba4df963efa580eb31b3b576b28e34c55|$authors/Iris.csv" ;;
    vowel) echo "vowel.csv|79e57ecf442e9b4d289e7b6635521ef61be3d719b5cec13fd566361f6fe1cbc6|$authors/vowel.csv" ;;
    titanic)
      echo "titanic_train.csv|7d118fef8b6ccf7f81111877bc388536f7b1e498a655e3d649d19aaa010e9f6f|$authors/titanic_train.csv"
      echo "titanic_test.csv|56023b9948236f3c7a1c9448fcf418b283e109ef177fa8c7e069158dd7dd52b2|$authors/titanic_test.csv"
      echo "titanic_testy.csv|a2a22b5d240612a4eb4b1508110522250f193677748c32454c0f6914f3cc280e|$authors/titanic_testy.csv" ;;
    mnist)
      echo "mnist/train-images-idx3-ubyte.gz|440fcabf73cc546fa21475e81ea370265605f56be210a4024d2ca8f203523609|$mnist/train-images-idx3-ubyte.gz"
      echo "mnist/train-labels-idx1-ubyte.gz|3552534a0a558bbed6aed32b30c495cca23d567ec52cac8be1a0730e8010255c|$mnist/train-labels-idx1-ubyte.gz"
      echo "mnist/t10k-images-idx3-ubyte.gz|8d422c7b0a1c1c79245a5bcf07fe86e33eeafee792b84584aec276f5a2dbc4e6|$mnist/t10k-images-idx3-ubyte.gz"
      echo "mnist/t10k-labels-idx1-ubyte.gz|f7ae60f92e00ec6debd23a6088c31dbd2371eca3ffa0defaefb259924204aec6|$mnist/t10k-labels-idx1-ubyte.gz" ;;
    *) echo "fetch-data: unknown preset '$1' (known: cancer titanic banknote iris iris3f vowel mnist)" >&2; return 2 ;;
  esac
}

sha_of() { sha256sum "$1" | cut -d' ' -f1; }

failed=0
for preset in "${presets[@]}"; do
  entries=$(files_of "$preset") || exit 2
  while IFS='|' read -r file sha url; do
    target="$dest/$file"
    [ -f "$target" ] && [ "$(sha_of "$target")" = "$sha" ] && continue
    mkdir -p "$(dirname "$target")"
    tmp="$target.part"
    if [ -n "$mirror" ] && [ -f "$mirror/$file" ]; then
      cp "$mirror/$file" "$tmp"
      origin="$mirror/$file"
    elif command -v curl >/dev/null && curl -fsSL --retry 2 -o "$tmp" "$url"; then
      origin="$url"
    else
      rm -f "$tmp"
      echo "fetch-data: $file: no mirror copy and download failed ($url)" >&2
      failed=1
      continue
    fi
    if [ "$(sha_of "$tmp")" != "$sha" ]; then
      rm -f "$tmp"
      echo "fetch-data: $file from $origin: sha256 mismatch (expected $sha)" >&2
      failed=1
      continue
    fi
    mv "$tmp" "$target"
    echo "fetch-data: $file <- $origin" >&2
  done <<<"$entries"
done
exit $failed
