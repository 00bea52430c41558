#!/usr/bin/python3
"""Writes the pandas exports the own-data tests read (issue 11): scikit-learn's wine, every third
row (60 samples: 20, 24 and 16 of the three classes), saved the ways a new user's pandas saves it. Debian 12:
python3-sklearn 1.2.1, python3-pandas 1.5.3. Run from this directory:
    /usr/bin/python3 make_pandas_exports.py
"""
import numpy as np
import pandas as pd
from sklearn.datasets import load_wine

wine = load_wine(as_frame=True)
frame = wine.frame.iloc[::3].reset_index(drop=True)  # alcohol ... proline, target
X = frame.drop(columns="target")

# Named columns, label last, no index: what the README's walk-through writes.
frame.to_csv("wine_named.csv", index=False)
# pandas' default: the index is written as an unnamed first column.
frame.to_csv("wine_index.csv")
# An unnamed frame plus a label column: header 0,1,...,12,label.
pd.DataFrame(X.to_numpy()).assign(label=frame["target"]).to_csv("wine_default_header.csv", index=False)
# An unnamed frame with the label as its last column: header 0,1,...,13, all numbers.
pd.DataFrame(np.column_stack([X.to_numpy(), frame["target"].to_numpy()])).to_csv("wine_numeric_header.csv", index=False)
# The label first.
frame[["target"] + list(X.columns)].to_csv("wine_label_first.csv", index=False)
# A missing value, written as pandas does with na_rep="nan" (row 7, magnesium).
missing = frame.copy()
missing.loc[7, "magnesium"] = np.nan
missing.to_csv("wine_nan.csv", index=False, na_rep="nan")
# A semicolon-separated export (European locales).
frame.to_csv("wine_semicolon.csv", index=False, sep=";")
