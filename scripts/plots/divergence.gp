# The distance between the dense and the perturbed run against the epoch, one line per dataset
# (divergence.sh sets png, seed, files, steps (per epoch) and titles): log10 d(t) above, and
# below d(t) / ||w(t)|| against the saturation threshold 0.1 where the default fit range ends.
set terminal pngcairo size 1000,900 font "DejaVu Sans,10"
set output png
set datafile separator comma
set datafile columnheaders
set multiplot layout 2,1 title "Distance between the dense run and the run nudged by 1e-4, seed ".seed." (the paper's settings)" font ",12"
set grid
set key outside right top
set logscale x
set xrange [0.01:*]
set lmargin 10
set rmargin 34
colors = "#1f77b4 #ff7f0e #2ca02c #d62728 #9467bd #8c564b #e377c2 #7f7f7f"
set ylabel "log_{10} d(t)"
plot for [i = 1:|files|] files[i] every 5 using ($1 / steps[i]):($3 / log(10)) with lines lw 2 lc rgb word(colors, 1 + (i - 1) % 8) title titles[i]
set xlabel "epoch"
set ylabel "log_{10} d(t) / ||w(t)||"
set yrange [*:0]
plot for [i = 1:|files|] files[i] every 5 using ($1 / steps[i]):(log10($2 / $4)) with lines lw 2 lc rgb word(colors, 1 + (i - 1) % 8) notitle, \
     -1 with lines dt 2 lw 2 lc rgb "#000000" title "saturation: d = 0.1 ||w||"
unset multiplot
