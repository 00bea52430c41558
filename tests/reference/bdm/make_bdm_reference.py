#!/usr/bin/env python3
"""Reference BDM and block-entropy values from pybdm itself, for tests/unit/test_bdm.cpp.

    python3 tests/reference/bdm/make_bdm_reference.py PYBDM_CHECKOUT > tests/reference/bdm/pybdm_expected.csv

PYBDM_CHECKOUT is a clone of github.com/sztal/pybdm (used: commit 4e84a43c, the commit the CTM table
came from); only numpy is needed beside it. Each case is one random 0/1 matrix (numpy seed 20240, the
density varied so that blocks repeat) or a list of matrices pooled as MILS pools a network's layers,
measured with pybdm's own CTM pickle (not legcnet's CSV copy), under both boundaries.
"""
import sys

import numpy as np

sys.path.insert(0, sys.argv[1])
from pybdm import BDM  # noqa: E402
from pybdm.partitions import PartitionIgnore, PartitionRecursive  # noqa: E402

rng = np.random.default_rng(20240)
cases = []
shapes = [(4, 4), (5, 5), (8, 8), (12, 12), (7, 9), (9, 7), (6, 10), (13, 17), (3, 6), (2, 9), (16, 4), (11, 3)]
for shape in shapes:
    for density in (0.5, 0.1):
        cases.append([(rng.random(shape) < density).astype(int)])
# Networks: several matrices pooled, as a 784-50-30-10 net in miniature.
for layers in ([(8, 9), (5, 8), (3, 5)], [(12, 10), (6, 12), (1, 6)], [(6, 4), (3, 6)]):
    for density in (0.5, 0.2):
        cases.append([(rng.random(s) < density).astype(int) for s in layers])

print("case,boundary,matrices,bdm,entropy")
for index, matrices in enumerate(cases):
    description = ";".join("%dx%d:%s" % (m.shape[0], m.shape[1], "".join(map(str, m.ravel()))) for m in matrices)
    for name, partition in (("ignore", PartitionIgnore), ("recursive", PartitionRecursive)):
        bdm = BDM(ndim=2, partition=partition)
        counters = [bdm.decompose_and_count(m) for m in matrices]
        print("%d,%s,%s,%r,%r" % (index, name, description, bdm.compute_bdm(*counters), float(bdm.compute_ent(*counters))))
