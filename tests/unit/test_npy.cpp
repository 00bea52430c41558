#include <gtest/gtest.h>

#include <bit>
#include <cstdint>
#include <cstdlib>
#include <limits>
#include <sstream>

#include "legcnet/error.hpp"
#include "legcnet/io/npy.hpp"
#include "test_support.hpp"

using namespace legcnet;

namespace {

// The matrix of tests/reference/npy/make_npy_reference.py, as IEEE-754 bit patterns.
const std::uint64_t kReferenceBits[3][4] = {
    {0x0000000000000000, 0x8000000000000000, 0x3FF0000000000000, 0xBFF8000000000000},
    {0x7FF0000000000000, 0xFFF0000000000000, 0x3FB999999999999A, 0x0000000000000001},
    {0x7FF8000000000000, 0xFFF8000000000001, 0x000FFFFFFFFFFFFF, 0x7FEFFFFFFFFFFFFF},
};

Eigen::MatrixXd reference_matrix() {
  Eigen::MatrixXd matrix(3, 4);
  for (int r = 0; r < 3; ++r)
    for (int c = 0; c < 4; ++c) matrix(r, c) = std::bit_cast<double>(kReferenceBits[r][c]);
  return matrix;
}

std::uint64_t bits(double value) { return std::bit_cast<std::uint64_t>(value); }

void expect_bit_equal(const Eigen::MatrixXd& actual, const Eigen::MatrixXd& expected) {
  ASSERT_EQ(actual.rows(), expected.rows());
  ASSERT_EQ(actual.cols(), expected.cols());
  for (Eigen::Index r = 0; r < actual.rows(); ++r)
    for (Eigen::Index c = 0; c < actual.cols(); ++c)
      EXPECT_EQ(bits(actual(r, c)), bits(expected(r, c))) << "row " << r << ", column " << c;
}

std::filesystem::path reference_dir() { return testkit::source_dir() / "tests" / "reference" / "npy"; }

std::string npy_bytes(const Eigen::MatrixXd& matrix) {
  std::stringstream out;
  io::write_npy(out, matrix);
  return out.str();
}

// The message of the InputError that reading `bytes` (saved as `name`) throws, or "" if none.
std::string read_error(const testkit::TempDir& dir, const std::string& name, const std::string& bytes) {
  const auto path = dir / name;
  testkit::write_file(path, bytes);
  try {
    io::read_npy(path.string());
  } catch (const InputError& error) {
    return error.what();
  }
  return "";
}

}  // namespace

TEST(Npy, HeaderIsNumpysByteForByte) {
  const std::string header = io::npy_header(3, 4);
  EXPECT_EQ(header.size(), 128u);
  EXPECT_EQ(header.back(), '\n');
  const std::string reference = testkit::read_file(reference_dir() / "small.npy");
  EXPECT_EQ(header, reference.substr(0, header.size()));
  // Every row count gives the same length, so the writer can patch the shape in place.
  EXPECT_EQ(io::npy_header(0, 4).size(), header.size());
  EXPECT_EQ(io::npy_header(std::numeric_limits<std::int64_t>::max(), 4).size(), header.size());
  EXPECT_EQ(io::npy_header(5, 123456).size() % 64, 0u);
}

TEST(Npy, WriterOutputEqualsNumpySave) {
  EXPECT_EQ(npy_bytes(reference_matrix()), testkit::read_file(reference_dir() / "small.npy"));
}

TEST(Npy, ReadsNumpysFilesExactly) {
  for (const char* name : {"small.npy", "small_fortran.npy", "small_v2.npy", "small_v3.npy"}) {
    SCOPED_TRACE(name);
    io::NpyReader reader((reference_dir() / name).string());
    EXPECT_EQ(reader.fortran_order(), std::string(name) == "small_fortran.npy");
    expect_bit_equal(reader.read_all(), reference_matrix());
    expect_bit_equal(reader.read_columns(1, 2), reference_matrix().middleCols(1, 2));
  }
}

TEST(Npy, RoundTripIsBitExact) {
  constexpr double inf = std::numeric_limits<double>::infinity();
  Eigen::MatrixXd matrix(4, 5);
  matrix << 0.0, -0.0, inf, -inf, std::numeric_limits<double>::quiet_NaN(),  //
      std::numeric_limits<double>::denorm_min(), -std::numeric_limits<double>::denorm_min(),
      std::numeric_limits<double>::min() / 3, std::numeric_limits<double>::max(),
      std::numeric_limits<double>::lowest(),  //
      std::bit_cast<double>(std::uint64_t{0x7FF4000000000123}), std::bit_cast<double>(std::uint64_t{0xFFF8000000000000}),
      0.1, 1.0 / 3.0, 1e300,  //
      9007199254740992.0, -1.0, 2.5e-310, 42.0, std::numeric_limits<double>::epsilon();
  std::stringstream stream(npy_bytes(matrix));
  io::NpyReader reader("memory.npy", stream);
  EXPECT_EQ(reader.rows(), 4);
  EXPECT_EQ(reader.cols(), 5);
  expect_bit_equal(reader.read_all(), matrix);
}

TEST(Npy, StreamingWriterPatchesTheRowCount) {
  testkit::TempDir dir;
  const auto path = dir / "rows.npy";
  Eigen::MatrixXd expected(7, 3);
  {
    std::ofstream out(path, std::ios::binary);
    io::NpyWriter writer(out, 3);
    for (int r = 0; r < 7; ++r) {
      const std::vector<double> row{double(r), r * 0.5, -r * 1e-3};
      expected.row(r) << row[0], row[1], row[2];
      if (r % 2) writer.write_row(row);
      else writer.write_row(Eigen::Vector3d(row[0], row[1], row[2]).transpose());  // an Eigen expression
    }
    EXPECT_EQ(writer.rows(), 7);
    writer.finish();
    writer.finish();  // a second call changes nothing
    EXPECT_THROW(writer.write_row(std::vector<double>{1, 2, 3}), std::logic_error);
  }
  EXPECT_EQ(testkit::read_file(path).substr(0, 128), io::npy_header(7, 3));
  expect_bit_equal(io::read_npy(path.string()), expected);

  std::stringstream empty;
  io::NpyWriter writer(empty, 2);
  writer.finish();
  std::stringstream in(empty.str());
  io::NpyReader reader("empty.npy", in);
  EXPECT_EQ(reader.rows(), 0);
  EXPECT_EQ(reader.cols(), 2);
  EXPECT_THROW(writer.write_row(std::vector<double>{1, 2}), std::logic_error);
  std::stringstream wrong;
  io::NpyWriter narrow(wrong, 2);
  EXPECT_THROW(narrow.write_row(std::vector<double>{1, 2, 3}), std::invalid_argument);
}

TEST(Npy, NumpyLoadsOurFile) {
  const std::string python = testkit::python_with_numpy();
  if (python.empty()) GTEST_SKIP() << "no python3 with numpy (apt-get install python3-numpy)";
  testkit::TempDir dir;
  const auto path = dir / "ours.npy";
  testkit::write_file(path, npy_bytes(reference_matrix()));
  const auto output = dir / "numpy.txt";
  const std::string script = "import numpy; a = numpy.load('" + path.string() +
                             "'); print(a.shape, a.dtype, repr(float(a[1, 2])), a.view('<u8').ravel().tolist())";
  ASSERT_EQ(std::system((python + " -c \"" + script + "\" > '" + output.string() + "' 2>&1").c_str()), 0)
      << testkit::read_file(output);
  std::string expected = "(3, 4) float64 0.1 [";
  for (int r = 0; r < 3; ++r)
    for (int c = 0; c < 4; ++c) expected += (r || c ? ", " : "") + std::to_string(kReferenceBits[r][c]);
  EXPECT_EQ(testkit::read_file(output), expected + "]\n");
}

TEST(Npy, ColumnBlocksEqualTheFullRead) {
  // Narrow rows are read in chunks through the gaps, wide ones (10000 columns: gaps over 64 KiB)
  // with a seek per row; Fortran order as one run.
  for (Eigen::Index cols : {Eigen::Index{37}, Eigen::Index{10000}}) {
    SCOPED_TRACE(cols);
    const Eigen::MatrixXd matrix = Eigen::MatrixXd::Random(cols == 37 ? 50 : 20, cols);
    std::stringstream stream(npy_bytes(matrix));
    io::NpyReader reader("block.npy", stream);
    expect_bit_equal(reader.read_all(), matrix);
    for (auto [first, count] : {std::pair<Eigen::Index, Eigen::Index>{0, 1}, {0, cols}, {cols - 1, 1}, {5, 0},
                                {3, 7}, {cols / 2, cols / 3}})
      expect_bit_equal(reader.read_columns(first, count), matrix.middleCols(first, count));
    EXPECT_THROW(reader.read_columns(cols - 1, 2), std::out_of_range);
    EXPECT_THROW(reader.read_columns(-1, 1), std::out_of_range);
  }
  io::NpyReader fortran((reference_dir() / "small_fortran.npy").string());
  for (Eigen::Index first = 0; first < 4; ++first)
    for (Eigen::Index count = 0; first + count <= 4; ++count)
      expect_bit_equal(fortran.read_columns(first, count), reference_matrix().middleCols(first, count));
}

TEST(Npy, BadFilesAreInputErrorsNamingTheFile) {
  testkit::TempDir dir;
  const std::string good = npy_bytes(reference_matrix());
  auto with_header = [&](const std::string& dict) {
    std::string header = io::npy_header(3, 4);
    std::string body = dict;
    body.resize(header.size() - 11, ' ');
    return header.substr(0, 10) + body + "\n" + good.substr(header.size());
  };
  const std::vector<std::pair<std::string, std::string>> cases{
      {"", "truncated"},
      {"\x93NUMPY\x01", "truncated"},
      {"PK\x03\x04 not numpy at all", "wrong magic"},
      {good.substr(0, 60), "header"},
      {good.substr(0, good.size() - 1), "truncated"},
      {good + "x", "bytes after the data"},
      {"\x93NUMPY\x04" + good.substr(7), "version 4.0"},
      {with_header("{'descr': '<f4', 'fortran_order': False, 'shape': (3, 4), }"), "dtype '<f4'"},
      {with_header("{'descr': '>f8', 'fortran_order': False, 'shape': (3, 4), }"), "dtype '>f8'"},
      {with_header("{'descr': '<i8', 'fortran_order': False, 'shape': (3, 4), }"), "dtype '<i8'"},
      {with_header("{'descr': '<f8', 'fortran_order': False, 'shape': (3, 2, 2), }"), "2-D"},
      {with_header("{'descr': '<f8', 'fortran_order': False, 'shape': (12,), }"), "2-D"},
      {with_header("{'descr': '<f8', 'fortran_order': False, 'shape': (4, 4), }"), "truncated"},
      {with_header("{'descr': '<f8', 'fortran_order': Maybe, 'shape': (3, 4), }"), "malformed"},
      {with_header("{'descr': '<f8', 'shape': (3, 4), }"), "malformed"},
      {with_header("{'descr': '<f8', 'fortran_order': False, 'shape': (3, -4), }"), "malformed"},
      {with_header("{'descr': '<f8', 'fortran_order': False, 'shape': (3, 4), 'extra': 1}"), "malformed"},
      {with_header("['<f8', False, (3, 4)]"), "malformed"},
      {with_header("{'descr': '<f8', 'fortran_order': False, 'shape': (4611686018427387904, 4), }"), "too large"},
  };
  for (std::size_t i = 0; i < cases.size(); ++i) {
    SCOPED_TRACE(i);
    const std::string name = "bad" + std::to_string(i) + ".npy";
    const std::string message = read_error(dir, name, cases[i].first);
    EXPECT_NE(message.find(name), std::string::npos) << message;
    EXPECT_NE(message.find(cases[i].second), std::string::npos) << message;
  }
  // The same header with other spacing and quotes, as other writers produce, reads.
  EXPECT_EQ(read_error(dir, "spaced.npy", with_header("{ \"shape\" : (3,4,) ,\"fortran_order\":False,'descr':'<f8'}")), "");
  EXPECT_THROW(io::read_npy((dir / "missing.npy").string()), InputError);
}

TEST(NpySeries, RoundTripWithNamesAndBlocks) {
  testkit::TempDir dir;
  io::Series series;
  series.index_names = {"window", "start_step", "end_step"};
  series.names = {"w1_0_0", "a,b \"quoted\"", "w2_0_1", "w2_0_2"};
  series.index.resize(5, 3);
  series.values = Eigen::MatrixXd::Random(5, 4);
  series.values(2, 1) = std::numeric_limits<double>::quiet_NaN();
  for (int r = 0; r < 5; ++r) series.index.row(r) << r, r * 100, r * 100 + 199 + (r == 4 ? (1LL << 52) : 0);
  const auto path = dir / "le.npy";
  {
    std::ofstream matrix(path, std::ios::binary), columns(io::npy_columns_path(path), std::ios::binary);
    io::write_series_npy(matrix, columns, series);
  }
  EXPECT_EQ(io::npy_columns_path(path), dir / "le.columns.csv");
  EXPECT_TRUE(io::is_npy_path(path));
  EXPECT_FALSE(io::is_npy_path(dir / "le.csv"));
  EXPECT_EQ(testkit::read_file(dir / "le.columns.csv"),
            "window,start_step,end_step,w1_0_0,\"a,b \"\"quoted\"\"\",w2_0_1,w2_0_2\n");
  EXPECT_EQ(io::read_npy(path.string()).cols(), 7);  // one float64 matrix: index columns first

  const io::Series back = io::read_series_npy(path.string(), series.index_names);
  EXPECT_EQ(back.source, path.string());
  EXPECT_EQ(back.index_names, series.index_names);
  EXPECT_EQ(back.names, series.names);
  EXPECT_EQ(back.index, series.index);
  expect_bit_equal(back.values, series.values);

  io::NpySeriesReader reader(path.string(), series.index_names);
  EXPECT_EQ(reader.rows(), 5);
  EXPECT_EQ(reader.names(), series.names);
  const io::Series block = reader.read_columns(1, 2);
  EXPECT_EQ(block.names, (std::vector<std::string>{series.names[1], series.names[2]}));
  EXPECT_EQ(block.index, series.index);
  expect_bit_equal(block.values, series.values.middleCols(1, 2));
  EXPECT_EQ(reader.read_columns(4, 0).values.cols(), 0);
  EXPECT_THROW(reader.read_columns(3, 2), std::out_of_range);
}

TEST(NpySeries, StreamingWriterTakesEigenRows) {
  std::stringstream matrix, columns;
  io::NpySeriesWriter writer(matrix, columns, {"step"}, {"a", "b"});
  const Eigen::MatrixXd weights{{1.0, 2.0}, {3.0, 4.0}};
  for (long long step = 0; step < 2; ++step) writer.write_row(std::vector<long long>{step * 10}, weights.row(step));
  EXPECT_THROW(writer.write_row(std::vector<long long>{20}, std::vector<double>{1.0}), std::invalid_argument);
  EXPECT_THROW(writer.write_row(std::vector<long long>{(1LL << 53) + 1}, std::vector<double>{1.0, 2.0}),
               std::out_of_range);
  writer.finish();
  EXPECT_EQ(writer.rows(), 2);
  EXPECT_EQ(columns.str(), "step,a,b\n");
  std::stringstream in(matrix.str());
  io::NpyReader reader("m.npy", in);
  const Eigen::MatrixXd expected{{0.0, 1.0, 2.0}, {10.0, 3.0, 4.0}};
  expect_bit_equal(reader.read_all(), expected);
}

TEST(NpySeries, MismatchedOrMissingSidecarIsAnInputError) {
  testkit::TempDir dir;
  const auto path = dir / "weights.npy";
  auto write = [&](const Eigen::MatrixXd& matrix, const std::string& columns) {
    std::ofstream out(path, std::ios::binary);
    io::write_npy(out, matrix);
    out.close();
    testkit::write_file(io::npy_columns_path(path), columns);
  };
  auto message = [&](const std::vector<std::string>& index_names = {"step"}) -> std::string {
    try {
      io::read_series_npy(path.string(), index_names);
    } catch (const InputError& error) {
      return error.what();
    }
    return "";
  };
  const Eigen::MatrixXd good{{0, 1.5, 2.5}, {1, 3.5, 4.5}};
  write(good, "step,a,b\n");
  EXPECT_EQ(message(), "");
  EXPECT_NE(message({"window"}).find("expected column 'window'"), std::string::npos);

  write(good, "step,a\n");
  EXPECT_NE(message().find("do not fit: the matrix has 3 columns, the header names 2"), std::string::npos) << message();
  EXPECT_NE(message().find("weights.columns.csv"), std::string::npos);

  write(good, "step,a,b\nstep,a,b\n");
  EXPECT_NE(message().find("only the header line"), std::string::npos) << message();

  write(Eigen::MatrixXd{{0, 1, 2}, {0.5, 3, 4}}, "step,a,b\n");
  EXPECT_NE(message().find("row 2, column 1: 'step' value 0.5 is not an integer"), std::string::npos) << message();
  write(Eigen::MatrixXd{{3, 1, 2}, {2, 3, 4}}, "step,a,b\n");
  EXPECT_NE(message().find("does not increase"), std::string::npos) << message();
  EXPECT_NO_THROW(io::read_series_npy(path.string(), {"step"}, false));
  write(Eigen::MatrixXd{{std::numeric_limits<double>::quiet_NaN(), 1, 2}}, "step,a,b\n");
  EXPECT_NE(message().find("is not an integer"), std::string::npos) << message();

  std::filesystem::remove(io::npy_columns_path(path));
  EXPECT_NE(message().find("weights.columns.csv: not found"), std::string::npos) << message();
}
