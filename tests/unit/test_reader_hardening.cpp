// The readers refuse what the reliability battery of issue 15 found them accepting or misreporting:
// NUL bytes inside lines, repeated column names, series without data rows, index columns that
// do not increase, directories and other non-files given as input files, and file contents
// echoed raw into messages. Each test failed before its fix.
#include <gtest/gtest.h>

#include <sys/stat.h>

#include <fstream>
#include <sstream>

#include "legcnet/error.hpp"
#include "legcnet/io/csv.hpp"
#include "legcnet/io/named_values.hpp"
#include "legcnet/io/npy.hpp"
#include "legcnet/io/series.hpp"
#include "legcnet/io/sha256.hpp"
#include "test_support.hpp"

using namespace legcnet;

namespace {

// The InputError message of `read`, or "" if it reads.
template <typename Read>
std::string error_of(Read&& read) {
  try {
    read();
  } catch (const InputError& error) {
    return error.what();
  }
  return "";
}

void write_npy_file(const std::filesystem::path& path, const Eigen::MatrixXd& matrix) {
  std::ofstream out(path, std::ios::binary);
  io::write_npy(out, matrix);
}

}  // namespace

TEST(ReaderHardening, NulByteInsideALineIsAnErrorNotACutLine) {
  testkit::TempDir dir;
  const auto path = dir / "nul.csv";
  testkit::write_file(path, std::string("step,a\n0,1\n1,2\0junk\n2,3\n", 24));
  const std::string message = error_of([&] { io::read_series(path.string()); });
  EXPECT_NE(message.find("nul.csv:3: a NUL byte inside the line"), std::string::npos) << message;
  // The same through a stream, and in a name,value file.
  std::istringstream in(std::string("a,b\n1,\0\n", 8));
  io::CsvReader reader("mem.csv", in);
  std::vector<std::string> fields;
  ASSERT_TRUE(reader.next(fields));
  EXPECT_NE(error_of([&] { reader.next(fields); }).find("mem.csv:2: a NUL byte"), std::string::npos);
  testkit::write_file(dir / "values.csv", std::string("name,value\nw1_0_0,1\0\n", 22));
  EXPECT_NE(error_of([&] { io::read_named_values((dir / "values.csv").string()); }).find("values.csv:2: a NUL byte"),
            std::string::npos);
}

TEST(ReaderHardening, RepeatedColumnNamesAreRefused) {
  testkit::TempDir dir;
  testkit::write_file(dir / "dup.csv", "step,w1_0_0,w1_0_1,w1_0_0\n0,1,2,3\n");
  const std::string message = error_of([&] { io::read_series((dir / "dup.csv").string()); });
  EXPECT_NE(message.find("dup.csv:1: column 4: column 'w1_0_0' repeats column 2"), std::string::npos) << message;
  EXPECT_NE(error_of([&] { io::SeriesColumns((dir / "dup.csv").string()); }).find("repeats column 2"), std::string::npos);
  EXPECT_NE(error_of([&] { io::SeriesRows((dir / "dup.csv").string()); }).find("repeats column 2"), std::string::npos);
  // The .npy form: the names are in the .columns.csv sidecar.
  const auto npy = dir / "dup.npy";
  write_npy_file(npy, Eigen::MatrixXd{{0, 1, 2, 3}});
  testkit::write_file(io::npy_columns_path(npy), "step,w1_0_0,w1_0_1,w1_0_0\n");
  EXPECT_NE(error_of([&] { io::read_series(npy.string()); }).find("column 'w1_0_0' repeats column 2"), std::string::npos);
}

TEST(ReaderHardening, SeriesWithoutDataRowsAreRefused) {
  testkit::TempDir dir;
  testkit::write_file(dir / "header.csv", "step,a,b\n");
  EXPECT_NE(error_of([&] { io::read_series((dir / "header.csv").string()); }).find("header.csv:2: no data rows"),
            std::string::npos);
  EXPECT_NE(error_of([&] {
              io::SeriesColumns columns((dir / "header.csv").string());
              columns.read(0, 2);
            }).find("no data rows"),
            std::string::npos);
  EXPECT_NE(error_of([&] {
              io::SeriesRows rows((dir / "header.csv").string());
              long long step = 0;
              std::vector<double> values(2);
              rows.next(step, values);
            }).find("header.csv:2: no data rows"),
            std::string::npos);
  testkit::write_file(dir / "le.csv", "window,start_step,end_step,a\n");
  EXPECT_NE(error_of([&] { io::read_series((dir / "le.csv").string(), {"window", "start_step", "end_step"}); })
                .find("no data rows"),
            std::string::npos);
  const auto npy = dir / "empty.npy";
  write_npy_file(npy, Eigen::MatrixXd(0, 2));
  testkit::write_file(io::npy_columns_path(npy), "step,a\n");
  EXPECT_NE(error_of([&] { io::read_series(npy.string()); }).find("no data rows"), std::string::npos);
}

TEST(ReaderHardening, EveryIndexColumnMustIncrease) {
  testkit::TempDir dir;
  const std::vector<std::string> le_index{"window", "start_step", "end_step"};
  testkit::write_file(dir / "le.csv", "window,start_step,end_step,a\n0,0,10,1\n1,5,10,2\n");
  std::string message = error_of([&] { io::read_series((dir / "le.csv").string(), le_index); });
  EXPECT_NE(message.find("le.csv:3: column 3: 'end_step' does not increase"), std::string::npos) << message;
  testkit::write_file(dir / "le.csv", "window,start_step,end_step,a\n0,5,10,1\n1,5,15,2\n");
  message = error_of([&] { io::read_series((dir / "le.csv").string(), le_index); });
  EXPECT_NE(message.find("le.csv:3: column 2: 'start_step' does not increase"), std::string::npos) << message;
  // Row by row (diff-series, divergence): the step, past the first row.
  testkit::write_file(dir / "steps.csv", "step,a\n0,1\n2,2\n2,3\n");
  message = error_of([&] {
    io::SeriesRows rows((dir / "steps.csv").string());
    long long step = 0;
    std::vector<double> values(1);
    while (rows.next(step, values)) {
    }
  });
  EXPECT_NE(message.find("steps.csv:4: column 1: 'step' does not increase"), std::string::npos) << message;
  // The .npy form, end_step.
  const auto npy = dir / "le.npy";
  write_npy_file(npy, Eigen::MatrixXd{{0, 0, 10, 1}, {1, 5, 9, 2}});
  testkit::write_file(io::npy_columns_path(npy), "window,start_step,end_step,a\n");
  EXPECT_NE(error_of([&] { io::read_series(npy.string(), le_index); }).find("'end_step' does not increase"),
            std::string::npos);
}

TEST(ReaderHardening, DirectoriesAndOtherNonFilesAreNamedAsSuch) {
  testkit::TempDir dir;
  std::filesystem::create_directories(dir / "adir.csv");
  for (const auto& message :
       {error_of([&] { io::read_series((dir / "adir.csv").string()); }),
        error_of([&] { io::read_named_values((dir / "adir.csv").string()); }),
        error_of([&] { io::read_npy((dir / "adir.csv").string()); }),
        error_of([&] { io::sha256_file(dir / "adir.csv"); })})
    EXPECT_NE(message.find("adir.csv: cannot open: is a directory"), std::string::npos) << message;
  ASSERT_EQ(::mkfifo((dir / "fifo.csv").c_str(), 0600), 0);
  EXPECT_NE(error_of([&] { io::read_series((dir / "fifo.csv").string()); }).find("fifo.csv: cannot open: not a regular file"),
            std::string::npos);
  EXPECT_NE(error_of([&] { io::read_series((dir / "missing.csv").string()); }).find("missing.csv: cannot open: no such file"),
            std::string::npos);
  const std::string long_name((dir / std::string(5000, 'x')).string());
  EXPECT_NE(error_of([&] { io::read_series(long_name); }).find("File name too long"), std::string::npos);
}

TEST(ReaderHardening, MalformedNpyHeaderIsQuotedOnOneShortLine) {
  testkit::TempDir dir;
  std::string header = io::npy_header(1, 1);
  // A header dictionary broken across lines, padded with control bytes and a long tail.
  std::string body = "{'descr': '<f8',\n'fortran_order': Nope\r\x01" + std::string(300, 'z');
  const std::size_t length = 16 * ((10 + body.size() + 1 + 15) / 16) - 10;
  body.resize(length - 1, ' ');
  std::string bytes = header.substr(0, 8);
  bytes += static_cast<char>(length & 0xff);
  bytes += static_cast<char>(length >> 8);
  bytes += body + "\n" + std::string(8, '\0');
  testkit::write_file(dir / "bad.npy", bytes);
  const std::string message = error_of([&] { io::read_npy((dir / "bad.npy").string()); });
  EXPECT_NE(message.find("bad.npy: malformed .npy header"), std::string::npos) << message;
  EXPECT_EQ(message.find('\n'), std::string::npos) << message;
  EXPECT_EQ(message.find('\r'), std::string::npos) << message;
  EXPECT_NE(message.find("\\n'fortran_order'"), std::string::npos) << message;
  EXPECT_NE(message.find("\\x01"), std::string::npos) << message;
  EXPECT_LT(message.size(), 400u) << message;
}

TEST(ReaderHardening, PrintableEscapesControlBytesAndCutsLongText) {
  EXPECT_EQ(printable("a\nb\tc\r\x7f"), "a\\nb\\tc\\r\\x7f");
  EXPECT_EQ(printable(std::string(10, 'q'), 4), "qqqq...");
  EXPECT_EQ(printable("\xc3\xa9t\xc3\xa9"), "\xc3\xa9t\xc3\xa9");  // UTF-8 text kept
}

TEST(ReaderHardening, SeriesColumnsRefuseStandardInput) {
  // The column-block readers read their file once per block: stdin cannot be read twice.
  EXPECT_NE(error_of([] { io::SeriesColumns("-"); }).find("standard input cannot be read more than once"),
            std::string::npos);
}
