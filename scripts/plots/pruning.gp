# Test accuracy against % pruned for one dataset (pruning.sh writes the data files and vars.gp and
# sets work, png and dataset): one panel per kind of run that exists, one point per method and
# seed, the dense models as horizontal lines.
panels = (n_main > 0) + (n_fixed > 0) + (n_sweep > 0)
set terminal pngcairo size 1300, 90 + 540 * panels font "DejaVu Sans,10" noenhanced
set output png
colours = "#1f77b4 #d62728 #2ca02c #ff7f0e #9467bd #8c564b #e377c2 #17becf #bcbd22 #7f7f7f"
shapes = "7 5 9 11 13 15"
colour(c) = word(colours, 1 + (c - 1) % 10)
filled(c) = int(word(shapes, 1 + (c - 1) % 6))
hollow(c) = filled(c) - 1

note = sprintf("points at about the same %% pruned are spread sideways, by up to %.1f points", widest_shift)
if (has_effective) note = note."\nfilled: nominal % pruned; hollow, joined to it: effective %, with weights on no input-output path counted as pruned"
set multiplot title sprintf("Test accuracy against %% of weights pruned (%s): every method and seed\n%s", dataset, note) font ",11"

set grid
set ylabel "test accuracy"
set xlabel "% of weights pruned"
set yrange [ymin - 0.02 : 1.01]
set key Left reverse samplen 2 spacing 1.0 font ",9"
set lmargin at screen 0.06
set rmargin at screen 0.64
pixels = 90 + 540 * panels
height = (1 - 90.0 / pixels) / panels
top = 1 - 60.0 / pixels
panel = 0
# Where the next panel goes (top to bottom), its key to the right of it; 30 px above it for its
# title, 70 px below it for the x axis' labels.
next_panel = "set tmargin at screen top - panel * height - 30.0 / pixels; " . \
             "set bmargin at screen top - (panel + 1) * height + 70.0 / pixels; " . \
             "set key at screen 0.66, screen top - panel * height - 30.0 / pixels left top; panel = panel + 1"

# A reference line the summary lacks draws nothing, and gets no key entry.
trained_title = dense_trained == dense_trained ? "dense, train-dense's model (mean)" : ""

if (n_main > 0) {
  eval next_panel
  set title "Retrained until the benchmark accuracy"
  set xrange [-2 : xhigh]
  plot dense with lines lw 2 lc rgb "#000000" title sprintf("dense, retrained (mean of %d seed%s; points: each)", dense_seeds, dense_seeds == 1 ? "" : "s"), \
       dense_trained with lines lw 2 dt 2 lc rgb "#777777" title trained_title, \
       work.'/dense.dat' index 0 using 1:2 with points pt 7 ps 1.2 lc rgb "#000000" notitle, \
       for [i = 1:n_main] work.'/main.dat' index (i - 1) using 1:2:(has_effective ? $3 - $1 : 0):(0) \
           with vectors nohead lw 1 lc rgb colour(main_colour[i]) notitle, \
       for [i = 1:n_main] work.'/main.dat' index (i - 1) using (has_effective ? $3 : NaN):2 \
           with points pt hollow(main_colour[i]) ps 1.4 lc rgb colour(main_colour[i]) notitle, \
       for [i = 1:n_main] work.'/main.dat' index (i - 1) using 1:2 \
           with points pt filled(main_colour[i]) ps 1.3 lc rgb colour(main_colour[i]) title main_title[i]
}
if (n_fixed > 0) {
  eval next_panel
  set title "Fixed budget: retrained for exactly the epochs the dense retraining of the same seed took (METHOD@fixed)"
  set xrange [-2 : xhigh]
  plot (dense_fixed == dense_fixed ? dense_fixed : dense) with lines lw 2 lc rgb "#000000" title "dense, the same budget (mean)", \
       for [i = 1:n_fixed] work.'/fixed.dat' index (i - 1) using 1:2:(has_effective ? $3 - $1 : 0):(0) \
           with vectors nohead lw 1 lc rgb colour(fixed_colour[i]) notitle, \
       for [i = 1:n_fixed] work.'/fixed.dat' index (i - 1) using (has_effective ? $3 : NaN):2 \
           with points pt hollow(fixed_colour[i]) ps 1.4 lc rgb colour(fixed_colour[i]) notitle, \
       for [i = 1:n_fixed] work.'/fixed.dat' index (i - 1) using 1:2 \
           with points pt filled(fixed_colour[i]) ps 1.3 lc rgb colour(fixed_colour[i]) title fixed_title[i]
}
if (n_sweep > 0) {
  eval next_panel
  set title "Sparsity sweep: one-shot masks at fixed shares of every layer (lines: mean over seeds)"
  set xrange [*:*]
  set offsets 3, 3, 0, 0
  # Retrained: solid line, filled points; without retraining: dashed line, crosses.
  plot dense with lines lw 2 lc rgb "#000000" title "dense, retrained (mean)", \
       dense_trained with lines lw 2 dt 2 lc rgb "#777777" title trained_title, \
       for [i = 1:n_sweep] work.'/sweep-mean.dat' index (i - 1) using 1:2 \
           with lines lw 2 dt 1 + sweep_oneshot[i] lc rgb colour(sweep_colour[i]) notitle, \
       for [i = 1:n_sweep] work.'/sweep.dat' index (i - 1) using 1:2:(has_effective ? $3 - $1 : 0):(0) \
           with vectors nohead lw 1 lc rgb colour(sweep_colour[i]) notitle, \
       for [i = 1:n_sweep] work.'/sweep.dat' index (i - 1) using (has_effective ? $3 : NaN):2 \
           with points pt 6 ps 1.4 lc rgb colour(sweep_colour[i]) notitle, \
       for [i = 1:n_sweep] work.'/sweep.dat' index (i - 1) using 1:2 \
           with points pt (sweep_oneshot[i] ? 2 : 7) ps 1.3 lc rgb colour(sweep_colour[i]) title sweep_title[i]
}
unset multiplot
