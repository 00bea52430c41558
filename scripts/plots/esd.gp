# Each layer's eigenvalues as a rank plot P(X >= lambda) on log-log axes, with the fitted power-law
# tail and the Marchenko-Pastur edge (render.sh sets work, png, dataset, models and the arrays
# titles, labels, mp, lo, hi, bottom).
set terminal pngcairo size 1200,520 font "DejaVu Sans,10"
set output png
set logscale xy
set format x "%g"
set grid
set key bottom left
set xlabel "eigenvalue {/Symbol l} of W^TW / N"
set ylabel "P(X {/Symbol \263} {/Symbol l})"
colors = "#444444 #d62728 #1f77b4"
set multiplot layout 1,layers title "Layer spectra (".dataset."): eigenvalues, fitted tail (lines), Marchenko-Pastur edge of the dense layer (dashed)" font ",12"
do for [l = 1:layers] {
  set title titles[l]
  set xrange [lo[l]:hi[l]]
  set yrange [bottom[l]:1.5]
  set arrow 1 from first mp[l], graph 0 to first mp[l], graph 1 nohead dt 2 lc rgb "#888888"
  plot for [i = 1:words(models)] work.'/esd-'.word(models, i).'-'.l.'.dat' using 1:2 with points pt (4 + 2 * i) ps 1.5 \
           lc rgb word(colors, i) title labels[i], \
       for [i = 1:words(models)] work.'/fit-'.word(models, i).'-'.l.'.dat' using 1:2 with lines lw (5 - i) dt i \
           lc rgb word(colors, i) notitle
}
unset multiplot
