# Mean |SHAP| per pixel as a side x side heat map (MNIST: 28 x 28), the dense model first and each
# pruned model beside it, all on one colour scale (render.sh sets work, png, dataset, side, models
# and titles; work/shap-MODEL.matrix holds the image, row 0 at the top).
n = words(models)
cols = n <= 4 ? n : (n <= 6 ? 3 : 4)
rows = (n + cols - 1) / cols
set terminal pngcairo size 40 + 380 * cols, 60 + 380 * rows font "DejaVu Sans,10"
set output png
cmax = 0
do for [m in models] {
  stats work.'/shap-'.m.'.matrix' matrix using 3 nooutput
  cmax = STATS_max > cmax ? STATS_max : cmax
}
set cbrange [0:(cmax > 0 ? cmax : 1)]
set palette defined (0 "#ffffff", 1 "#fdd49e", 2 "#fc8d59", 3 "#d7301f", 4 "#7f0000")
set size ratio -1
set xrange [-0.5 : side - 0.5]
set yrange [side - 0.5 : -0.5]
unset xtics
unset ytics
set cbtics font ",8"
set multiplot layout rows, cols title sprintf("Mean |SHAP| per pixel on the test split (%s), %d x %d, dense beside each pruned model (one colour scale)", dataset, side, side) font ",12" noenhanced
do for [i = 1:n] {
  # "LABEL: Spearman ..." on two lines, so that it fits above the panel.
  k = strstrt(titles[i], ": ")
  set title (k > 0 ? titles[i][1:k - 1]."\n".titles[i][k + 2:] : titles[i]."\n") noenhanced font ",9"
  plot work.'/shap-'.word(models, i).'.matrix' matrix with image notitle
}
unset multiplot
