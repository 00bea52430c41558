# The sparsity sweep (results/sweep.csv from legcnet report): test accuracy against % of weights
# pruned, one panel per dataset; spectral, magnitude and random (all per layer), retrained (solid, with
# the sd over seeds as error bars) and without retraining (dashed); the dense models as horizontal
# lines (retrained: solid grey, trained without a mask: dashed grey).
# Usage: gnuplot -e "csv='results/sweep.csv'; png='results/plots/sweep.png'" scripts/plots/sweep.gp
datasets = system("awk -F, 'NR > 1 && !seen[$1]++ { printf \"%s \", $1 }' ".csv)
n = words(datasets)
set terminal pngcairo size 620 * n, 520 font "DejaVu Sans,10"
set output png
set datafile separator comma
set multiplot layout 1, n title "One-shot pruning at fixed shares of every layer: test accuracy" font ",12"
methods = "spectral magnitude-layer random-layer"
labels = "spectral magnitude random"
colors = "#d62728 #1f77b4 #2ca02c"
set xlabel "% of weights pruned"
set ylabel "test accuracy"
set xrange [45:100]
set xtics (50, 80, 90, 95)
set grid
set key bottom left
# Dense accuracy of a dataset (retrained = 1 or 0), or NaN when the CSV has none.
dense(d, r) = real(system(sprintf("awk -F, '$1 == \"%s\" && $2 == \"dense\" && $3 == %d { v = $6 } END { print (v == \"\" ? \"NaN\" : v) }' %s", d, r, csv)))
do for [k = 1:n] {
  d = word(datasets, k)
  set title d
  dense_retrained = dense(d, 1)
  dense_trained = dense(d, 0)
  plot for [i = 1:3] csv using (strcol(1) eq d && strcol(2) eq word(methods, i) && $3 == 1 ? $4 + (i - 2) * 0.4 : NaN):6:7 \
         with yerrorlines lw 2 pt 7 lc rgb word(colors, i) title word(labels, i).", retrained", \
       for [i = 1:3] csv using (strcol(1) eq d && strcol(2) eq word(methods, i) && $3 == 0 ? $4 + (i - 2) * 0.4 : NaN):6 \
         with linespoints lw 2 dt 2 pt 6 lc rgb word(colors, i) title word(labels, i).", no retraining", \
       dense_retrained with lines lw 1 lc rgb "#555555" title "dense, retrained", \
       dense_trained with lines lw 1 dt 2 lc rgb "#555555" title "dense, trained"
}
unset multiplot
