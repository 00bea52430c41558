# Onset of chaos: the network exponent (with its 95% interval), the perturbation's growth and the
# final accuracy of dense runs against the learning rate (make chaos sets csv, png, dataset, base_lr).
set terminal pngcairo size 900,1000 font "DejaVu Sans,10"
set output png
set datafile separator comma
set datafile columnheaders
set logscale x
set grid
set key top left
set lmargin 12
set multiplot layout 3,1 title "Divergence of the perturbed run against the learning rate (".dataset.", dashed: the paper's lr)" font ",12"
verdict(v) = v eq "chaotic" ? 1 : (v eq "contracting" ? 3 : 2)
set linetype 1 lc rgb "#d62728" pt 7 ps 1.4
set linetype 2 lc rgb "#555555" pt 5 ps 1.2
set linetype 3 lc rgb "#1f77b4" pt 9 ps 1.4
set arrow 1 from base_lr, graph 0 to base_lr, graph 1 nohead dt 2 lc rgb "#888888"
set ylabel "exponent per epoch"
set format x ""
plot csv using 1:4:5:6:(verdict(strcol(11))) with yerrorbars lc variable notitle, \
     '' using 1:4:(verdict(strcol(11))) with points lc variable pt 7 notitle, \
     1/0 with points lt 1 title "chaotic", 1/0 with points lt 2 title "neutral", 1/0 with points lt 3 title "contracting", \
     0 with lines lc rgb "#000000" lw 1 notitle
set logscale y
set ylabel "growth of the 1e-4 nudge"
set format y "10^{%T}"
set key top left
plot csv using 1:9 with linespoints lw 2 pt 7 lc rgb "#9467bd" title "largest d(t) / d(0)", \
     '' using 1:7 with linespoints lw 2 pt 5 lc rgb "#2ca02c" title "d(end of fit) / d(0)", \
     '' using 1:10 with lines dt 3 lc rgb "#000000" title "--min-growth"
unset logscale y
set format y "%g"
set format x "%g"
set xlabel "learning rate"
set ylabel "final accuracy"
set yrange [0:1.05]
set key bottom left
plot csv using 1:17 with linespoints lw 2 pt 7 lc rgb "#ff7f0e" title "training", \
     '' using 1:18 with linespoints lw 2 pt 5 lc rgb "#1f77b4" title "test"
unset multiplot
