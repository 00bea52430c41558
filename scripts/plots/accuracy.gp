# Test accuracy at every epoch end of the retraining: dense (no mask) and each pruned model, all
# from the same initialisation (render.sh sets run, png, dataset, train_samples, models, labels).
set terminal pngcairo size 1000,600 font "DejaVu Sans,10"
set output png
set datafile separator comma
set datafile columnheaders
set title "Test accuracy during retraining (".dataset."), until the benchmark training accuracy" font ",12"
set xlabel "epoch"
set ylabel "test accuracy"
set grid
set key bottom right
set xtics 1
colors = "#000000 #d62728 #1f77b4 #ff7f0e #2ca02c"
# dense first and thickest, so that a pruned model that retrains like it stays visible on top.
plot for [i = 1:words(models)] run.'/'.word(models, i).'/sparse/metrics.csv' using ($1 / train_samples):5 \
     with linespoints lw (i == 1 ? 5 : 2) dt 1 + (i == 3) pt (4 + i) ps 1.3 lc rgb word(colors, i) title labels[i]
