// .npz archives: numpy.load reads every array with allow_pickle=False and gets the same values;
// the zip is valid (Python's zipfile checks every CRC); the bytes are deterministic.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "legcnet/error.hpp"
#include "legcnet/io/npz.hpp"
#include "test_support.hpp"

using namespace legcnet;

namespace {

std::vector<std::pair<std::string, io::NpyArray>> sample_arrays() {
  Eigen::MatrixXd w(2, 3);
  w << 1.5, -2.25, 0.1, 3e-300, -0.0, 1e300;
  Eigen::MatrixXd keep(2, 3);
  keep << 1, 0, 1, 1, 1, 0;
  return {{"W1", io::npy_float64(w)},
          {"b1", io::npy_float64(std::vector<double>{0.5, -0.75})},
          {"mask1", io::npy_uint8(keep)},
          {"feature_names", io::npy_unicode(std::vector<std::string>{"sepal length", "pétale Δ", ""})},
          {"activation", io::npy_unicode(std::string("sigmoid"))},
          {"columns", io::npy_int64(std::vector<long long>{1, -2, 4000000000})},
          {"label", io::npy_int64(5)}};
}

std::string npz_bytes() {
  std::ostringstream out;
  io::write_npz(out, sample_arrays());
  return out.str();
}

}  // namespace

TEST(Npz, NumpyLoadsEveryArrayWithoutPickle) {
  const std::string python = testkit::python_with_numpy();
  if (python.empty()) GTEST_SKIP() << "no python3 with numpy (apt-get install python3-numpy)";
  testkit::TempDir dir;
  testkit::write_file(dir / "a.npz", npz_bytes());
  const std::string script =
      "import numpy, zipfile\n"
      "assert zipfile.ZipFile('" + (dir / "a.npz").string() + "').testzip() is None\n"
      "a = numpy.load('" + (dir / "a.npz").string() + "', allow_pickle=False)\n"
      "print(sorted(a.files))\n"
      "print(a['W1'].dtype, a['W1'].shape, a['W1'].tolist())\n"
      "print(a['b1'].dtype, a['b1'].tolist())\n"
      "print(a['mask1'].dtype, a['mask1'].tolist())\n"
      "print(a['feature_names'].dtype, a['feature_names'].tolist())\n"
      "print(a['activation'].dtype, a['activation'].shape, str(a['activation']))\n"
      "print(a['columns'].dtype, a['columns'].tolist(), a['label'].shape, int(a['label']))\n";
  testkit::write_file(dir / "check.py", script);
  ASSERT_EQ(std::system((python + " '" + (dir / "check.py").string() + "' > '" + (dir / "out").string() + "' 2>&1").c_str()), 0)
      << testkit::read_file(dir / "out");
  EXPECT_EQ(testkit::read_file(dir / "out"),
            "['W1', 'activation', 'b1', 'columns', 'feature_names', 'label', 'mask1']\n"
            "float64 (2, 3) [[1.5, -2.25, 0.1], [3e-300, -0.0, 1e+300]]\n"
            "float64 [0.5, -0.75]\n"
            "uint8 [[1, 0, 1], [1, 1, 0]]\n"
            "<U12 ['sepal length', 'pétale Δ', '']\n"
            "<U7 () sigmoid\n"
            "int64 [1, -2, 4000000000] () 5\n");
}

TEST(Npz, SameArraysSameBytes) { EXPECT_EQ(npz_bytes(), npz_bytes()); }

TEST(Npz, NpyHeadersAreAlignedToSixtyFourBytes) {
  for (const auto& [name, array] : sample_arrays()) {
    const std::string bytes = io::npy_file_bytes(array);
    const std::size_t header = 10 + static_cast<unsigned char>(bytes[8]) + 256u * static_cast<unsigned char>(bytes[9]);
    EXPECT_EQ(header % 64, 0u) << name;
    EXPECT_EQ(bytes[header - 1], '\n') << name;
    EXPECT_EQ(bytes.size() - header, array.data.size()) << name;
  }
}

TEST(Npz, InvalidUtf8IsRefused) {
  EXPECT_THROW(io::npy_unicode(std::string("bad \xff byte")), InputError);
  EXPECT_THROW(io::npy_unicode(std::string("cut \xc3")), InputError);
  EXPECT_NO_THROW(io::npy_unicode(std::string("ok \xc3\xa9")));
}
