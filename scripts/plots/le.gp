# LEGCNet-FT's Lyapunov exponents, windows x weights, over the misclassification rate that the
# Granger test explains (render.sh sets work, png, dataset, weights, windows and weight_tics).
set terminal pngcairo size 1200,800 font "DejaVu Sans,10"
set output png
set multiplot title "Largest Lyapunov exponent per window and weight, LEGCNet-FT (".dataset.")" font ",12"
set lmargin at screen 0.08
set rmargin at screen 0.86
set tmargin at screen 0.92
set bmargin at screen 0.40
set xrange [-0.5:windows - 0.5]
set yrange [weights - 0.5:-0.5]
eval "set ytics (".weight_tics.")"
set ylabel "weight (by layer)"
set format x ""
set cblabel "exponent (per step)"
set palette defined (0 "#440154", 1 "#3b528b", 2 "#21918c", 3 "#5ec962", 4 "#fde725")
plot work.'/le.dat' using 1:2:3 with image notitle
set tmargin at screen 0.36
set bmargin at screen 0.08
set autoscale y
set yrange [0:*]
set ytics auto
set ylabel "1 - accuracy"
set format x "%g"
set xlabel "window"
set grid
set key top right
plot work.'/misclassification.dat' using 1:2 with lines lw 2 lc rgb "#d62728" title "1 - training accuracy at the window end (the Granger test's x)", \
     '' using 1:3 with lines lw 1 lc rgb "#1f77b4" title "1 - test accuracy"
unset multiplot
