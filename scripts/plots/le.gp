# LEGCNet-FT's Lyapunov exponents, windows x weights, with the FT and PT masks as a strip beside
# them, over the misclassification rate that the Granger test explains (render.sh sets work, png,
# dataset, weights, windows, group, weight_tics, pruned_ft and pruned_pt). With group > 1 a row is
# group consecutive weights: their mean exponent and the share of them kept.
set terminal pngcairo size 1250, 800 font "DejaVu Sans,10"
set output png
set multiplot title "Largest Lyapunov exponent per window and weight, LEGCNet-FT (".dataset."), and the masks" font ",12"
rows = (weights + group - 1) / group
set lmargin at screen 0.08
set rmargin at screen 0.76
set tmargin at screen 0.92
set bmargin at screen 0.40
set xrange [-0.5:windows - 0.5]
set yrange [rows - 0.5:-0.5]
eval "set ytics nomirror (".weight_tics.")"
set ylabel (group > 1 ? sprintf("weight (by layer; rows of %d weights, mean)", group) : "weight (by layer)")
set format x ""
set cblabel "exponent (per step)"
set colorbox user origin screen 0.90, screen 0.40 size screen 0.018, screen 0.52
set palette defined (0 "#440154", 1 "#3b528b", 2 "#21918c", 3 "#5ec962", 4 "#fde725")
plot work.'/le.dat' using 1:2:3 with image notitle

# The strip: one column per mask, kept (light) or pruned (dark red); a share when rows are groups.
set lmargin at screen 0.775
set rmargin at screen 0.835
set xrange [-0.5:1.5]
set xtics ("FT" 0, "PT" 1) scale 0 offset 0, graph 0.02 font ",9"
set x2tics ("FT" 0, "PT" 1) scale 0 font ",9"
set format x "%s"
unset ytics
unset ylabel
unset colorbox
set cbrange [0:1]
set palette defined (0 "#a50f15", 1 "#f2f2f2")
set label 1 sprintf("mask: kept (light),\npruned (red)\n\nFT prunes %d,\nPT %d of %d", pruned_ft, pruned_pt, weights) \
    at screen 0.84, screen 0.36 left font ",9"
if (group > 1) set label 1 sprintf("mask: share kept\n(light all, red none)\n\nFT prunes %d,\nPT %d of %d", pruned_ft, pruned_pt, weights)
plot work.'/masks.dat' using 1:2:3 with image notitle
unset label 1
unset x2tics

set lmargin at screen 0.08
set rmargin at screen 0.76
set tmargin at screen 0.36
set bmargin at screen 0.08
set autoscale y
set yrange [0:*]
set xrange [-0.5:windows - 0.5]
set xtics auto offset 0, 0 font ",10"
set ytics auto
set format y "%g"
set ylabel "1 - accuracy"
set format x "%g"
set xlabel "window"
set grid
set key top right
plot work.'/misclassification.dat' using 1:2 with lines lw 2 lc rgb "#d62728" title "1 - training accuracy at the window end (the Granger test's x)", \
     '' using 1:3 with lines lw 1 lc rgb "#1f77b4" title "1 - test accuracy"
unset multiplot
