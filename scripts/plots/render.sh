#!/usr/bin/env bash
# Renders the diagnostics of one run directory (runs/DATASET/seedK) as PNGs with gnuplot:
#   DATASET-seedK-shap.png      mean |SHAP| per feature of every pruned model that has it, beside the
#                               dense model's: bars sorted by the dense importance (its top 15 when
#                               there are more), or heat maps for pixel inputs (MNIST's 28 x 28)
#   DATASET-seedK-esd.png       each layer's eigenvalues (rank plot, log-log) with the fitted tail
#   DATASET-seedK-le.png        LEGCNet-FT's exponents (windows x weights) with the FT and PT masks
#                               beside them, over the misclassification rate
#   DATASET-seedK-accuracy.png  validation (else training) accuracy per epoch of the retrainings:
#                               LEGCNet-FT with the masks of its count, and every other mask
# Methods are the run's directories with a sparse/summary.csv, in legcnet report's order.
# Usage: render.sh RUN_DIR OUT_DIR LEGCNET   (make plots calls it; every input must exist)
set -euo pipefail

run=${1:?usage: render.sh RUN_DIR OUT_DIR LEGCNET}
out=${2:?usage: render.sh RUN_DIR OUT_DIR LEGCNET}
legcnet=${3:?usage: render.sh RUN_DIR OUT_DIR LEGCNET}
here=$(cd "$(dirname "$0")" && pwd)
source "$here/methods.sh"
seed=$(basename "$run")
dataset=$(basename "$(dirname "$run")")
name="$dataset-$seed"
title="$dataset, $seed"

for file in dense/shap-importance.csv dense/esd.csv dense/esd-spectrum.csv ft/le.csv ft/mask.csv pt/mask.csv \
            dense/metrics.csv dense/sparse/metrics.csv dense/sparse/run.toml; do
  [ -f "$run/$file" ] || { echo "render.sh: $run/$file is missing (make plots builds it)" >&2; exit 2; }
done
mkdir -p "$out"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Every method directory (not the sweep's, which has its own plot), in the report's order, and labels.
run_methods "$run" "$legcnet" | awk -F'\t' '$2 !~ /^sweep-/ && $2 !~ /-oneshot$/' > "$work/methods.tsv"
cut -f2 "$work/methods.tsv" | write_labels "$work/labels.tsv"
label_of() { awk -F'\t' -v m="$1" 'NR == FNR { label[$1] = $2; next } $1 == m { print ($2 in label) ? label[$2] : $2 }' \
               "$work/labels.tsv" "$work/methods.tsv"; }
# A key's value in a run.toml (the first occurrence; quotes removed).
toml_value() { sed -n "s/^$2[[:space:]]*=[[:space:]]*//p" "$1" | head -n 1 | sed 's/[[:space:]]*#.*//; s/"//g'; }
gp_list() { local joined="" item; for item in "$@"; do joined+="${joined:+, }$(gp_quote "$item")"; done; echo "$joined"; }

# ---- SHAP -------------------------------------------------------------------------------------
shap_models=()
while IFS=$'\t' read -r dir method; do
  [ "$dir" != dense ] && [ -f "$run/$dir/shap-importance.csv" ] && shap_models+=("$dir")
done < "$work/methods.tsv"
if [ ${#shap_models[@]} -eq 0 ]; then
  echo "render.sh: no pruned model of $run has shap-importance.csv; no SHAP plot" >&2
else
  # Panel titles: the rank agreement with the dense model over every feature (legcnet shap-compare).
  shap_titles=()
  for m in "${shap_models[@]}"; do
    row=$("$legcnet" shap-compare "$run/dense/shap-importance.csv" "$run/$m/shap-importance.csv" --top-k 3 --quiet | tail -n 1)
    shap_titles+=("$(awk -F, -v m="$(label_of "$m")" '{ printf "%s: Spearman %.2f, Kendall %.2f, top-%d overlap %.2f", m, $(NF-3), $(NF-2), $(NF-1), $NF }' <<<"$row")")
  done
  # feature<TAB>importance per model, in the dataset's feature order (a quoted name may hold commas).
  importance() { awk '
    NR == 1 { next }
    { n = split($0, f, ","); name = f[1]; for (i = 2; i <= n - 2; i++) name = name "," f[i]
      gsub(/^"|"$/, "", name); gsub(/""/, "\"", name); print name "\t" f[n - 1] }' "$1"; }
  importance "$run/dense/shap-importance.csv" > "$work/shap-dense.tsv"
  features=$(wc -l < "$work/shap-dense.tsv")
  side=$(awk -v n="$features" 'BEGIN { s = int(sqrt(n) + 0.5); print (s * s == n ? s : 0) }')
  # Pixel inputs: 784 features (MNIST), or a square of at least 8 x 8 whose names say pixel (px0, pixel_0_0).
  pixels=0
  if [ "$side" -ge 8 ] && { [ "$features" -eq 784 ] || ! cut -f1 "$work/shap-dense.tsv" | grep -qiv 'pix\|^px'; }; then pixels=1; fi
  for m in "${shap_models[@]}"; do importance "$run/$m/shap-importance.csv" > "$work/shap-$m.tsv"; done
  if [ "$pixels" -eq 1 ]; then
    # One side x side matrix per model, pixel k at row k / side, column k % side (row-major, as MNIST).
    for m in dense "${shap_models[@]}"; do
      awk -F'\t' -v s="$side" '{ printf "%s%s", $2, (NR % s == 0 ? "\n" : " ") }' "$work/shap-$m.tsv" > "$work/shap-$m.matrix"
    done
    gnuplot -e "work='$work'; png='$out/$name-shap.png'; dataset=$(gp_quote "$title"); side=$side" \
            -e "models='dense ${shap_models[*]}'" \
            -e "array titles[$((${#shap_models[@]} + 1))] = [$(gp_list "dense (the reference)" "${shap_titles[@]}")]" \
            "$here/shap-image.gp"
    echo "render.sh: shap: heat maps, $side x $side pixels"
  else
    # Features sorted by the dense importance, at most the top 15: rank<TAB>name<TAB>dense<TAB>pruned.
    top=$(( features < 15 ? features : 15 ))
    for m in "${shap_models[@]}"; do
      awk -F'\t' 'NR == FNR { pruned[$1] = $2; next } { print $2 "\t" $1 "\t" $2 "\t" (($1 in pruned) ? pruned[$1] : "NaN") }' \
          "$work/shap-$m.tsv" "$work/shap-dense.tsv" | sort -t$'\t' -k1,1gr -s | head -n "$top" | cut -f2- > "$work/shap-$m.dat"
    done
    if [ "$top" -lt "$features" ]; then shown="its top $top of $features features"; else shown="all $features features"; fi
    gnuplot -e "work='$work'; png='$out/$name-shap.png'; dataset=$(gp_quote "$title"); shown='$shown'; bars=$top" \
            -e "models='${shap_models[*]}'" \
            -e "array titles[${#shap_models[@]}] = [$(gp_list "${shap_titles[@]}")]" \
            "$here/shap.gp"
    echo "render.sh: shap: bars, ${shown#its }"
  fi
fi

# ---- Spectra ----------------------------------------------------------------------------------
# Per model and layer the rank plot P(X >= lambda) of the nonzero eigenvalues, and the fitted tail
# P = (tail / n) (x / xmin)^(1 - alpha) from xmin to lambda_max.
esd_models=(dense ft pt)
for m in "${esd_models[@]}"; do
  awk -F, -v dir="$work" -v m="$m" '
    FNR == 1 { next }
    NR == FNR { lmax[$1] = $5; alpha[$1] = $6; xmin[$1] = $8; tail[$1] = $10; status[$1] = $13; next }
    $3 > 1e-12 * lmax[$1] { value[$1, ++count[$1]] = $3 }
    END { for (l in lmax) {
            points = dir "/esd-" m "-" l ".dat"; fit = dir "/fit-" m "-" l ".dat"
            printf "" > points
            for (i = 1; i <= count[l]; i++) print value[l, i], (count[l] - i + 1) / count[l] > points
            if (count[l] == 0) print "1e-300 1e-300" > points  # every eigenvalue 0 (a layer cut off): nothing to draw
            if (status[l] == "ok") {
              print xmin[l], tail[l] / count[l] > fit
              print lmax[l], tail[l] / count[l] * (lmax[l] / xmin[l]) ^ (1 - alpha[l]) > fit
            } else print "1e-300 1e-300" > fit  # no fit: one point far off the axes, which draws no line
          } }
  ' "$run/$m/esd.csv" "$run/$m/esd-spectrum.csv"
done
# Per layer: panel title, x range (every eigenvalue and the dense model's Marchenko-Pastur edge).
awk -F, -v dir="$work" -v models="${esd_models[*]}" '
  NR > 1 { layer[++n] = $1
    title[n] = sprintf("layer %d (%d-%d), %d eigenvalue%s: %s", $1, $3, $2, $4, $4 == 1 ? "" : "s",
                       $13 == "ok" ? sprintf("dense {/Symbol a} = %.2f", $6) : "no tail fit (" $13 ")")
    gsub("_", " ", title[n]); mp[n] = $11; count[n] = $4 }
  END { split(models, m, " ")
    for (i = 1; i <= n; i++) { lo = hi = mp[i]
      for (k in m) { file = dir "/esd-" m[k] "-" layer[i] ".dat"
        while ((getline line < file) > 0) { split(line, f, " "); if (f[1] + 0 < 1e-200) continue
                                            if (f[1] + 0 < lo) lo = f[1]; if (f[1] + 0 > hi) hi = f[1] } }
      printf "titles[%d] = \"%s\"; mp[%d] = %s; lo[%d] = %g; hi[%d] = %g; bottom[%d] = %g\n", i, title[i], i, mp[i],
             i, lo / 2, i, hi * 2, i, 0.5 / (count[i] > 1 ? count[i] : 1) }
    printf "layers = %d\n", n }
' "$run/dense/esd.csv" > "$work/esd-vars.gp"
layers=$(sed -n 's/^layers = //p' "$work/esd-vars.gp")
gnuplot -e "work='$work'; png='$out/$name-esd.png'; dataset=$(gp_quote "$title"); models='${esd_models[*]}'" \
        -e "array labels[3] = [$(gp_list "$(label_of dense)" "$(label_of ft)" "$(label_of pt)")]" \
        -e "array titles[$layers]; array mp[$layers]; array lo[$layers]; array hi[$layers]; array bottom[$layers]; load work.'/esd-vars.gp'" \
        "$here/esd.gp"

# ---- Exponents and masks ----------------------------------------------------------------------
# One pixel per (window, weight) and, beside them, the FT and PT masks (1 kept, 0 pruned). Above
# 1,000 weights (MNIST: 41,000) the rows are groups of consecutive weights: the mean exponent and
# the share of the group kept.
weights=$(head -n 1 "$run/ft/le.csv" | awk -F, '{ print NF - 3 }')
group=$(( weights > 1000 ? (weights + 999) / 1000 : 1 ))
awk -F, -v dir="$work" -v g="$group" '
  FILENAME ~ /ft\/mask.csv$/ && FNR > 1 { ft[$1] = $2; next }
  FILENAME ~ /pt\/mask.csv$/ && FNR > 1 { pt[$1] = $2; next }
  FNR == 1 && FILENAME ~ /le.csv$/ {
    for (j = 4; j <= NF; j++) {
      row = int((j - 4) / g); name[j] = $j
      layer = substr($j, 2, index($j, "_") - 2)
      if (layer != previous) { printf "%s\"w%s\" %d", (j > 4 ? ", " : ""), layer, row > dir "/le-tics.gp"; previous = layer }
      kept_ft[row] += ($j in ft) ? ft[$j] : 0; kept_pt[row] += ($j in pt) ? pt[$j] : 0; size[row]++
      known[row] += ($j in ft) && ($j in pt)
    }
    rows = int((NF - 4) / g) + 1
    for (r = 0; r < rows; r++) {
      print 0, r, (known[r] == size[r] ? kept_ft[r] / size[r] : "NaN") > dir "/masks.dat"
      print 1, r, (known[r] == size[r] ? kept_pt[r] / size[r] : "NaN") > dir "/masks.dat"
      pruned_ft += size[r] - kept_ft[r]; pruned_pt += size[r] - kept_pt[r]
    }
    printf "pruned_ft = %d; pruned_pt = %d\n", pruned_ft, pruned_pt > dir "/le-vars.gp"
    next
  }
  FNR > 1 {
    # A weight without an exponent (nan: its series never moved, as MNIST'"'"'s border pixels) leaves a
    # hole; a group shows the mean of those it has.
    for (r = 0; r < rows; r++) { sum[r] = 0; finite[r] = 0 }
    for (j = 4; j <= NF; j++) if ($j !~ /^[-+]?(nan|inf)/) { sum[int((j - 4) / g)] += $j; finite[int((j - 4) / g)]++ }
    for (r = 0; r < rows; r++) print $1, r, (finite[r] > 0 ? sum[r] / finite[r] : "NaN") > dir "/le.dat"
    print "" > dir "/le.dat"; print $1, $3 > dir "/windows.dat"
  }
' "$run/ft/mask.csv" "$run/pt/mask.csv" "$run/ft/le.csv"
awk 'NR == FNR { end_of[$2] = $1; next } FNR > 1 && ($1 in end_of) { print end_of[$1], 1 - $4, 1 - $5 }' FS=' ' "$work/windows.dat" FS=, "$run/dense/metrics.csv" \
  > "$work/misclassification.dat"
windows=$(wc -l < "$work/windows.dat")
gnuplot -e "work='$work'; png='$out/$name-le.png'; dataset=$(gp_quote "$title"); weights=$weights; windows=$windows; group=$group" \
        -e "weight_tics='$(cat "$work/le-tics.gp")'; load work.'/le-vars.gp'" "$here/le.gp"

# ---- Accuracy while retraining ------------------------------------------------------------------
# The accuracy the benchmark is read on: validation when the run has that split (metrics.csv's
# val_acc), else training; never test. x = step / steps per epoch.
toml="$run/dense/sparse/run.toml"
if head -n 1 "$run/dense/sparse/metrics.csv" | tr ',' '\n' | grep -qx val_acc; then
  metric=val_acc; metric_name="Validation accuracy"
else
  metric=train_acc; metric_name="Training accuracy"
fi
steps_per_epoch=$(awk -v n="$(toml_value "$toml" train_samples)" -v b="$(toml_value "$toml" batch-size)" \
                    'BEGIN { if (b == "") b = 1; print int((n + b - 1) / b) }')
benchmark=$(toml_value "$toml" benchmark); benchmark=${benchmark:-NaN}
# Left: LEGCNet-FT and every mask of its count (*-ft); right: every other mask. dense in both.
matched=() others=()
while IFS=$'\t' read -r dir method; do
  [ -f "$run/$dir/sparse/metrics.csv" ] || continue
  case "$dir" in dense) ;; ft | *-ft) matched+=("$dir") ;; *) others+=("$dir") ;; esac
done < "$work/methods.tsv"
accuracy_labels=() files=() fixed=()
printf 'step,%s\nNaN,NaN\n' "$metric" > "$work/no-fixed.csv"
for m in dense "${matched[@]}" "${others[@]}"; do
  accuracy_labels+=("$(label_of "$m")")
  files+=("$run/$m/sparse/metrics.csv")
  if [ -f "$run/$m/fixed/metrics.csv" ]; then fixed+=("$run/$m/fixed/metrics.csv"); else fixed+=("$work/no-fixed.csv"); fi
done
count=${#files[@]}
# One scale for both panels: the lowest accuracy (less a margin) and the last epoch of any run.
read -r ylow xhigh < <(awk -F, -v metric="$metric" -v per="$steps_per_epoch" '
  FNR == 1 { c = 0; for (i = 1; i <= NF; i++) if ($i == metric) c = i; next }
  c && $c != "NaN" { if (!seen++ || $c < low) low = $c; if ($1 / per > high) high = $1 / per }
  END { low = int(low * 20) / 20; print (low > 0.05 ? low - 0.05 : 0), (high > 0 ? high : 1) }' "${files[@]}" "${fixed[@]}")
gnuplot -e "png='$out/$name-accuracy.png'; dataset=$(gp_quote "$title"); steps_per_epoch=$steps_per_epoch" \
        -e "metric='$metric'; metric_name='$metric_name'; benchmark=$benchmark; n_matched=${#matched[@]}; n_others=${#others[@]}" \
        -e "ylow=$ylow; xhigh=$xhigh" \
        -e "array files[$count] = [$(gp_list "${files[@]}")]; array fixed[$count] = [$(gp_list "${fixed[@]}")]" \
        -e "array labels[$count] = [$(gp_list "${accuracy_labels[@]}")]" \
        "$here/accuracy.gp"
echo "render.sh: accuracy: ${metric_name,}"
echo "render.sh: $out/$name-{shap,esd,le,accuracy}.png"
