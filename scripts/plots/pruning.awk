# Data of one dataset's pruning figure (pruning.sh: awk -v d=DATASET -v dir=WORK -f pruning.awk
# FS='\t' labels.tsv FS=, summary.csv). Writes into dir:
#   main.dat, fixed.dat, sweep.dat  one block per series (gnuplot's `index`), a row per seed:
#                                   x, test accuracy, effective x, seed, nominal % pruned
#   sweep-mean.dat                  per sweep series the mean accuracy at each level
#   dense.dat                       the dense retraining of every seed
#   vars.gp                         the series' titles and colours, the reference lines, the ranges
# x is the nominal % pruned, moved sideways where several series have points at (about) the same
# %: each FT-count mask prunes exactly as many weights as LEGCNet-FT, and would hide the others.
function kind(m) {
  if (m ~ /^sweep-/ || m ~ /-oneshot$/) return "sweep"
  if (m ~ /@fixed$/) return "fixed"
  return "main"
}
function quote(s) { gsub(/\047/, "\047\047", s); return "\047" s "\047" }
function number(s) { return s ~ /^[-+]?[0-9.]+([eE][-+]?[0-9]+)?$/ }

NR == FNR { label[$1] = $2; next }
FNR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
$col["dataset"] != d { next }
# Masks applied to the trained model without retraining (METHOD-unretrained: the MIP and its
# unit baselines) have their own table in tables.md; the panels here are of retrained models.
$col["method"] ~ /-unretrained$/ { next }
{
  m = $col["method"]; acc = $col["test_acc"] + 0; x = $col["pct_pruned"] + 0
  eff = ("pct_pruned_effective" in col) ? $col["pct_pruned_effective"] : ""
  if (number(eff)) { has_effective = 1; eff += 0 } else eff = x
  if (m == "dense" || m == "dense-trained" || m == "dense@fixed") {
    ref_sum[m] += acc; ref_n[m]++
    if (m == "dense") dense_rows = dense_rows x " " acc " " eff " " $col["seed"] " " x "\n"
    if (acc < ymin || !seen_any) ymin = acc
    seen_any = 1
    next
  }
  k = kind(m)
  if (k == "sweep") {
    # One series per family and mode: sweep-spectral90 -> spectral, retrained; *-oneshot -> no retraining.
    family = m; sub(/^sweep-/, "", family); oneshot = sub(/-oneshot$/, "", family); sub(/[0-9]+$/, "", family)
    s = family (oneshot ? ", no retraining" : ", retrained")
    if (!((k, s) in series)) {
      series[k, s] = ++n[k]; title[k, n[k]] = s; sweep_oneshot[n[k]] = oneshot
      if (!(family in family_index)) family_index[family] = ++n_family
      colour[k, n[k]] = family_index[family]
    }
    if (x < sweep_lo || !sweep_seen) sweep_lo = x
    if (x > sweep_hi || !sweep_seen) sweep_hi = x
    sweep_seen = 1
  } else {
    base = m; sub(/@fixed$/, "", base)
    if (!(base in base_colour)) base_colour[base] = ++n_colour
    if (!((k, m) in series)) {
      series[k, m] = ++n[k]; colour[k, n[k]] = base_colour[base]
      title[k, n[k]] = (m in label) ? label[m] : m
    }
    if (eff > xmax) xmax = eff
    if (x > xmax) xmax = x
  }
  key = k == "sweep" ? s : m
  points++; p_kind[points] = k; p_series[points] = series[k, key]
  p_x[points] = x; p_acc[points] = acc; p_eff[points] = eff; p_seed[points] = $col["seed"]
  if (acc < ymin || !seen_any) ymin = acc
  seen_any = 1
}
END {
  vars = dir "/vars.gp"
  # The axes (pruning.gp uses the same formulas) and the dodge step: 1.2% of the axis.
  xhigh = xmax * 1.05 + 2 > 100 ? 101 : xmax * 1.05 + 2
  step["main"] = step["fixed"] = 0.012 * (xhigh + 2)
  step["sweep"] = 0.012 * (sweep_hi - sweep_lo + 6)
  # Series present at each (panel, x cluster), in series order.
  for (i = 1; i <= points; i++) {
    c = p_kind[i] SUBSEP int(p_x[i] / step[p_kind[i]] + 0.5)
    if (!((c, p_series[i]) in present)) { present[c, p_series[i]] = 1; members[c]++ }
  }
  widest = 1
  for (c in members) if (members[c] > widest && index(c, "sweep" SUBSEP) != 1) widest = members[c]
  for (i = 1; i <= points; i++) {
    k = p_kind[i]; c = k SUBSEP int(p_x[i] / step[k] + 0.5); rank = 0
    for (s = 1; s <= p_series[i]; s++) if ((c, s) in present) rank++
    shift = (rank - (members[c] + 1) / 2) * step[k]
    rows[k, p_series[i]] = rows[k, p_series[i]] (p_x[i] + shift) " " p_acc[i] " " (p_eff[i] + shift) " " p_seed[i] " " p_x[i] "\n"
    if (k == "sweep") { level_sum[p_series[i], p_x[i] + shift] += p_acc[i]; level_n[p_series[i], p_x[i] + shift]++ }
  }
  split("main fixed sweep", kinds, " ")
  for (j = 1; j <= 3; j++) {
    k = kinds[j]; file = dir "/" k ".dat"; printf "" > file
    printf "n_%s = %d\n", k, n[k] > vars
    if (n[k] > 0) printf "array %s_title[%d]; array %s_colour[%d]\n", k, n[k], k, n[k] > vars
    for (i = 1; i <= n[k]; i++) {
      printf "%s\n\n", rows[k, i] > file
      printf "%s_title[%d] = %s; %s_colour[%d] = %d\n", k, i, quote(title[k, i]), k, i, colour[k, i] > vars
    }
  }
  if (n["sweep"] > 0) printf "array sweep_oneshot[%d]\n", n["sweep"] > vars
  means = dir "/sweep-mean.dat"; printf "" > means
  for (i = 1; i <= n["sweep"]; i++) {
    printf "sweep_oneshot[%d] = %d\n", i, sweep_oneshot[i] > vars
    count = 0
    for (key in level_n) { split(key, part, SUBSEP); if (part[1] == i) xs[++count] = part[2] + 0 }
    for (a = 1; a <= count; a++) for (b = a + 1; b <= count; b++) if (xs[b] < xs[a]) { t = xs[a]; xs[a] = xs[b]; xs[b] = t }
    for (a = 1; a <= count; a++) print xs[a], level_sum[i, xs[a]] / level_n[i, xs[a]] > means
    printf "\n\n" > means
  }
  printf "%s\n\n", dense_rows > dir "/dense.dat"
  printf "dense = %s; dense_trained = %s; dense_fixed = %s; dense_seeds = %d\n",
         ("dense" in ref_n) ? ref_sum["dense"] / ref_n["dense"] : "NaN",
         ("dense-trained" in ref_n) ? ref_sum["dense-trained"] / ref_n["dense-trained"] : "NaN",
         ("dense@fixed" in ref_n) ? ref_sum["dense@fixed"] / ref_n["dense@fixed"] : "NaN", ref_n["dense"] > vars
  printf "ymin = %.17g; xhigh = %.17g; has_effective = %d; widest_shift = %.17g\n",
         ymin, xhigh, has_effective, (widest - 1) / 2 * step["main"] > vars
}
