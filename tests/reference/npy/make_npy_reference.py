#!/usr/bin/env python3
"""Writes the .npy files that tests/unit/test_npy.cpp must read bit for bit.

Run from this directory with Debian's numpy (python3-numpy 1.24.2 made the committed files):
    /usr/bin/python3 make_npy_reference.py
The matrix is given by its IEEE-754 bit patterns so that nan payloads, -0.0 and denormals are
exact; test_npy.cpp holds the same list.
"""
import numpy as np
import numpy.lib.format as npy_format

BITS = [
    [0x0000000000000000, 0x8000000000000000, 0x3FF0000000000000, 0xBFF8000000000000],  # 0, -0, 1, -1.5
    [0x7FF0000000000000, 0xFFF0000000000000, 0x3FB999999999999A, 0x0000000000000001],  # inf, -inf, 0.1, 5e-324
    [0x7FF8000000000000, 0xFFF8000000000001, 0x000FFFFFFFFFFFFF, 0x7FEFFFFFFFFFFFFF],  # nan, -nan payload, max denormal, max
]

matrix = np.array(BITS, dtype="<u8").view("<f8")
assert matrix.shape == (3, 4)

np.save("small.npy", matrix)                            # format 1.0, C order
np.save("small_fortran.npy", np.asfortranarray(matrix))  # fortran_order True
for version in [(2, 0), (3, 0)]:
    with open("small_v%d.npy" % version[0], "wb") as out:
        npy_format.write_array(out, matrix, version=version)

print("numpy", np.__version__)
