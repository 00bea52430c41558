# Mean |SHAP| per feature: the dense model beside each pruned one, features sorted by the dense
# model's importance, at most its top 15 (render.sh sets work, png, dataset, models, titles, bars
# and shown; work/shap-MODEL.dat holds name<TAB>dense<TAB>pruned in that order).
n = words(models)
cols = n == 1 ? 1 : (n <= 4 ? 2 : 3)
rows = (n + cols - 1) / cols
set terminal pngcairo size 600 * cols, 60 + 420 * rows font "DejaVu Sans,10"
set output png
set datafile separator "\t"
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.85 border -1
set boxwidth 0.9
set key top right horizontal
set grid ytics
set ylabel "mean |SHAP value|"
tic_font = bars > 10 ? ",8" : ",9"
set xtics rotate by -35 noenhanced nomirror font tic_font
set xrange [-0.7 : bars - 0.3]
# One y scale for every panel, so that the bars can be compared across them.
ymax = 0
do for [m in models] {
  stats work.'/shap-'.m.'.dat' using 2 nooutput
  ymax = STATS_max > ymax ? STATS_max : ymax
  stats work.'/shap-'.m.'.dat' using 3 nooutput
  ymax = STATS_max > ymax ? STATS_max : ymax
}
set yrange [0:(ymax > 0 ? 1.3 * ymax : 1)]  # room for the key
set multiplot layout rows, cols title sprintf("Mean |SHAP| per feature on the test split (%s), dense beside each pruned model: %s, by the dense model's importance", dataset, shown) font ",12" noenhanced
do for [i = 1:n] {
  set title titles[i] noenhanced
  plot work.'/shap-'.word(models, i).'.dat' using 2:xtic(1) title 'dense' lc rgb '#9e9e9e', \
       '' using 3 title 'pruned' lc rgb '#1f77b4'
}
unset multiplot
