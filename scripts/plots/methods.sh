# Sourced by the plot scripts: the method names, their order and their labels, read from legcnet
# itself so that a method added to the report needs no edit here.

plots_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)

# "method<TAB>label" for every method the report labels (the map in method_label of
# src/stages/report/runs.cpp); a method not listed is shown by its name, "M@fixed" as M's label
# with ", fixed budget".
method_labels() {
  local source="$plots_root/src/stages/report/runs.cpp"
  [ -f "$source" ] || return 0
  awk '/^std::string method_label\(/, /^}/' "$source" | grep -o '{"[^"]*", *"[^"]*"}' |
    sed 's/{"\([^"]*\)", *"\([^"]*\)"}/\1\t\2/'
}

# Writes FILE (method<TAB>label) for the methods given on stdin, one a line.
write_labels() {
  local file=$1
  awk -F'\t' 'NR == FNR { label[$1] = $2; next }
              { base = $0; fixed = sub(/@fixed$/, "", base)
                text = (base in label) ? label[base] : base
                print $0 "\t" text (fixed ? ", fixed budget" : "") }' <(method_labels) - > "$file"
}

# The method directories of one run (RUN/METHOD/sparse/summary.csv), in the report's order:
# legcnet report over copies of their summary.csv files decides it. Prints "dir<TAB>method".
run_methods() {
  local run=$1 legcnet=$2 scratch summary dir
  scratch=$(mktemp -d)
  for summary in "$run"/*/sparse/summary.csv; do
    [ -f "$summary" ] || continue
    dir=$(basename "$(dirname "$(dirname "$summary")")")
    mkdir -p "$scratch/runs/d/s/$dir/sparse"
    cp "$summary" "$scratch/runs/d/s/$dir/sparse/"
  done
  if [ -d "$scratch/runs" ]; then
    "$legcnet" report --runs "$scratch/runs" --out "$scratch/out" --quiet >/dev/null
    # The report's summary.csv lists the methods in its order; each directory's summary names its method.
    for summary in "$scratch"/runs/d/s/*/sparse/summary.csv; do
      awk -F, -v dir="$(basename "$(dirname "$(dirname "$summary")")")" \
        'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "method") c = i; next } NR == 2 { print dir "\t" $c }' "$summary"
    done | awk -F'\t' 'NR == FNR { if (FNR > 1 && !($2 in rank)) rank[$2] = ++n; next }
                       { print rank[$2] "\t" $0 }' FS=, "$scratch/out/summary.csv" FS='\t' - | sort -n -k1,1 -s | cut -f2-
  fi
  rm -rf "$scratch"
}

# A gnuplot string literal (single quotes; a quote inside is doubled).
gp_quote() { printf "'%s'" "${1//\'/\'\'}"; }
