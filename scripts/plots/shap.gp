# Mean |SHAP| per feature: the dense model beside each pruned one (render.sh sets run, png,
# dataset, methods and titles).
set terminal pngcairo size 1200,800 font "DejaVu Sans,10"
set output png
set datafile separator comma
set datafile columnheaders
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.85 border -1
set boxwidth 0.9
set key top right horizontal
set grid ytics
set ylabel "mean |SHAP value|"
set xtics rotate by -30 noenhanced nomirror
# One y scale for every panel, so that the bars can be compared across them.
ymax = 0
do for [m in 'dense '.methods] {
  stats run.'/'.m.'/shap-importance.csv' using 2 nooutput
  ymax = STATS_max > ymax ? STATS_max : ymax
}
set yrange [0:1.3 * ymax]  # room for the key
set multiplot layout 2,2 title "Mean |SHAP| per feature on the test split (".dataset."), dense beside each pruned model" font ",12"
do for [i = 1:words(methods)] {
  set title titles[i] noenhanced
  plot run.'/dense/shap-importance.csv' using 2:xtic(1) title 'dense' lc rgb '#9e9e9e', \
       run.'/'.word(methods, i).'/shap-importance.csv' using 2 title 'pruned' lc rgb '#1f77b4'
}
unset multiplot
