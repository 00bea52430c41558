#!/usr/bin/env bash
# Renders the diagnostics of one run directory (runs/DATASET/seedK) as PNGs with gnuplot:
#   DATASET-seedK-shap.png      mean |SHAP| per feature, dense beside each pruned model
#   DATASET-seedK-esd.png       each layer's eigenvalues (rank plot, log-log) with the fitted tail
#   DATASET-seedK-le.png        LEGCNet-FT's exponents (windows x weights) over the misclassification rate
#   DATASET-seedK-accuracy.png  test accuracy per epoch of the dense and the sparse retraining
# Usage: render.sh RUN_DIR OUT_DIR LEGCNET   (make plots calls it; every input must exist)
set -euo pipefail

run=${1:?usage: render.sh RUN_DIR OUT_DIR LEGCNET}
out=${2:?usage: render.sh RUN_DIR OUT_DIR LEGCNET}
legcnet=${3:?usage: render.sh RUN_DIR OUT_DIR LEGCNET}
here=$(cd "$(dirname "$0")" && pwd)
seed=$(basename "$run")
dataset=$(basename "$(dirname "$run")")
name="$dataset-$seed"
pruned=(ft pt random40 magnitude25)
declare -A label=([dense]="dense" [ft]="LEGCNet-FT" [pt]="LEGCNet-PT" [random40]="random 40%" [magnitude25]="magnitude 25%")

for file in dense/shap-importance.csv dense/esd.csv dense/esd-spectrum.csv ft/le.csv dense/metrics.csv \
            dense/sparse/metrics.csv dense/run.toml; do
  [ -f "$run/$file" ] || { echo "render.sh: $run/$file is missing (make plots builds it)" >&2; exit 2; }
done
mkdir -p "$out"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Titles of the SHAP panels: the rank agreement with the dense model (legcnet shap-compare).
shap_titles=()
for m in "${pruned[@]}"; do
  row=$("$legcnet" shap-compare "$run/dense/shap-importance.csv" "$run/$m/shap-importance.csv" --top-k 3 --quiet | tail -n 1)
  shap_titles+=("$(awk -F, -v m="${label[$m]}" '{ printf "%s: Spearman %.2f, Kendall %.2f, top-%d overlap %.2f", m, $(NF-3), $(NF-2), $(NF-1), $NF }' <<<"$row")")
done
gnuplot -e "run='$run'; png='$out/$name-shap.png'; dataset='$dataset, $seed'" \
        -e "methods='${pruned[*]}'" \
        -e "array titles[4] = ['${shap_titles[0]}', '${shap_titles[1]}', '${shap_titles[2]}', '${shap_titles[3]}']" \
        "$here/shap.gp"

# Spectra: per model and layer the rank plot P(X >= lambda) of the nonzero eigenvalues, and the
# fitted tail P = (tail / n) (x / xmin)^(1 - alpha) from xmin to lambda_max.
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
        while ((getline line < file) > 0) { split(line, f, " "); if (f[1] < lo) lo = f[1]; if (f[1] > hi) hi = f[1] } }
      printf "titles[%d] = \"%s\"; mp[%d] = %s; lo[%d] = %g; hi[%d] = %g; bottom[%d] = %g\n", i, title[i], i, mp[i],
             i, lo / 2, i, hi * 2, i, 0.5 / (count[i] > 1 ? count[i] : 1) }
    printf "layers = %d\n", n }
' "$run/dense/esd.csv" > "$work/esd-vars.gp"
layers=$(sed -n 's/^layers = //p' "$work/esd-vars.gp")
gnuplot -e "work='$work'; png='$out/$name-esd.png'; dataset='$dataset, $seed'; models='${esd_models[*]}'" \
        -e "array labels[3] = ['${label[dense]}', '${label[ft]}', '${label[pt]}']" \
        -e "array titles[$layers]; array mp[$layers]; array lo[$layers]; array hi[$layers]; array bottom[$layers]; load work.'/esd-vars.gp'" \
        "$here/esd.gp"

# LE heat map: one pixel per (window, weight); below it 1 - accuracy at each window's end step.
awk -F, -v dir="$work" '
  NR == 1 { for (j = 4; j <= NF; j++) { layer = substr($j, 2, index($j, "_") - 2)
              if (layer != previous) { printf "%s\"w%s\" %d", (j > 4 ? ", " : ""), layer, j - 4 > dir "/le-tics.gp"; previous = layer } }
            next }
  { for (j = 4; j <= NF; j++) print $1, j - 4, $j > dir "/le.dat"; print "" > dir "/le.dat"; print $1, $3 > dir "/windows.dat" }
' "$run/ft/le.csv"
awk 'NR == FNR { end_of[$2] = $1; next } FNR > 1 && ($1 in end_of) { print end_of[$1], 1 - $4, 1 - $5 }' FS=' ' "$work/windows.dat" FS=, "$run/dense/metrics.csv" \
  > "$work/misclassification.dat"
weights=$(head -n 1 "$run/ft/le.csv" | awk -F, '{ print NF - 3 }')
windows=$(wc -l < "$work/windows.dat")
gnuplot -e "work='$work'; png='$out/$name-le.png'; dataset='$dataset, $seed'; weights=$weights; windows=$windows" \
        -e "weight_tics='$(cat "$work/le-tics.gp")'" "$here/le.gp"

# Test accuracy at every epoch end of the retraining (epoch = step / training samples).
train_samples=$(sed -n 's/^train_samples = //p' "$run/dense/run.toml")
gnuplot -e "run='$run'; png='$out/$name-accuracy.png'; dataset='$dataset, $seed'; train_samples=$train_samples" \
        -e "models='dense ${pruned[*]}'" \
        -e "array labels[5] = ['${label[dense]}', '${label[ft]}', '${label[pt]}', '${label[random40]}', '${label[magnitude25]}']" \
        "$here/accuracy.gp"
echo "render.sh: $out/$name-{shap,esd,le,accuracy}.png"
