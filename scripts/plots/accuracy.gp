# The accuracy the benchmark is read on (validation, or training without that split; never test) at
# every epoch end of the retrainings, all from the same initialisation: left LEGCNet-FT and the masks
# of its count, right every other mask, the dense retraining in both (render.sh sets png, dataset,
# steps_per_epoch, metric, metric_name, benchmark, n_matched, n_others, ylow, xhigh and the arrays
# files, fixed and labels: dense first, then the matched masks, then the others). Thin dotted: the
# fixed-budget retraining (METHOD/fixed), which follows the same path up to its budget, where it goes
# on beyond the benchmark's stop. When a run lasts more than 50 epochs (one that never reaches the
# benchmark runs to max-epochs) the x axis is epoch + 1 on a log scale, and lines carry no points.
panels = (n_matched > 0) + (n_others > 0)
set terminal pngcairo size (panels > 1 ? 1400 : 800), 620 font "DejaVu Sans,10" noenhanced
set output png
set datafile separator comma
set datafile columnheaders
colours = "#000000 #d62728 #1f77b4 #ff7f0e #2ca02c #9467bd #8c564b #e377c2 #17becf #bcbd22 #7f7f7f"
colour(i) = word(colours, 1 + (i - 1) % 11)
shape(i) = 4 + 2 * ((i - 1) % 6)
set multiplot layout 1, panels title sprintf("%s during retraining (%s): to the benchmark (solid), then on for the dense run's epochs (dotted)%s", \
    metric_name, dataset, metric eq "train_acc" ? "\nno validation split: the accuracy the benchmark is read on is training accuracy" : "") font ",12"
long = xhigh > 50
x(step) = long ? step / steps_per_epoch + 1 : step / steps_per_epoch
if (long) { set logscale x; set xlabel "epoch + 1 (log scale: a run lasts more than 50 epochs)"; set xrange [1:xhigh + 1] } \
else { set xlabel "epoch"; set xrange [0:xhigh] }
set ylabel (metric eq "train_acc" ? "training accuracy" : "validation accuracy")
set grid
set key bottom right
set yrange [ylow:1.02]
do for [p = 1:panels] {
  matched_panel = p == 1 && n_matched > 0
  first = matched_panel ? 2 : 2 + n_matched
  last = matched_panel ? 1 + n_matched : 1 + n_matched + n_others
  set title (matched_panel ? "LEGCNet-FT and the masks with its count of weights" : "the other masks")
  # dense (1) first and thickest, so that a pruned model that retrains like it stays visible on top.
  plot benchmark with lines dt 3 lw 1 lc rgb "#555555" title sprintf("benchmark %g", benchmark), \
       for [i = 0:last - first + 1] fixed[i == 0 ? 1 : first + i - 1] using (x($1)):(column(metric)) \
           with lines dt 3 lw 1 lc rgb colour(i == 0 ? 1 : first + i - 1) notitle, \
       for [i = 0:last - first + 1] files[i == 0 ? 1 : first + i - 1] using (x($1)):(column(metric)) \
           with linespoints lw (i == 0 ? 4 : 2) pt shape(i == 0 ? 1 : first + i - 1) ps (long ? 0 : 1.2) \
           lc rgb colour(i == 0 ? 1 : first + i - 1) title labels[i == 0 ? 1 : first + i - 1]
}
unset multiplot
