#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <sstream>

#include "legcnet/error.hpp"
#include "legcnet/io/csv.hpp"
#include "legcnet/io/named_values.hpp"
#include "legcnet/io/number_format.hpp"
#include "legcnet/io/series.hpp"
#include "legcnet/io/sha256.hpp"
#include "legcnet/random.hpp"
#include "test_support.hpp"

using namespace legcnet;

TEST(NumberFormat, ShortestFormReadsBackToTheSameBits) {
  RandomStream stream(7, "test");
  for (int i = 0; i < 10000; ++i) {
    const double value = std::ldexp(stream.normal(), static_cast<int>(stream.below(200)) - 100);
    double back = 0.0;
    ASSERT_TRUE(io::parse_double(io::format_double(value), back));
    ASSERT_EQ(std::bit_cast<std::uint64_t>(value), std::bit_cast<std::uint64_t>(back));
  }
  EXPECT_EQ(io::format_double(0.1), "0.1");
  EXPECT_EQ(io::format_double(1e-4), "1e-04");  // the shorter of the two exact forms
  EXPECT_EQ(io::format_double(std::numeric_limits<double>::quiet_NaN()), "nan");
  double value = 0;
  EXPECT_FALSE(io::parse_double("1.5x", value));
  EXPECT_FALSE(io::parse_double("", value));
  EXPECT_TRUE(io::parse_double("-9.28E-06", value));
  EXPECT_EQ(value, -9.28e-06);
}

TEST(Csv, SplitsQuotedFieldsAsRfc4180) {
  std::vector<std::string> fields;
  ASSERT_TRUE(io::split_csv_line(R"(1,"McGowan, Miss. Anna ""Annie""",,x)", fields));
  ASSERT_EQ(fields.size(), 4u);
  EXPECT_EQ(fields[1], R"(McGowan, Miss. Anna "Annie")");
  EXPECT_EQ(fields[2], "");
  EXPECT_FALSE(io::split_csv_line(R"(1,"open)", fields));
  EXPECT_EQ(io::quote_csv_field("a,b"), "\"a,b\"");
}

TEST(Csv, FieldSplitterAgreesWithTheCopyingSplitter) {
  io::CsvFieldSplitter splitter;
  std::vector<std::string> copied;
  for (std::string line : {"1,2.5,,x", "", ",", R"(1,"McGowan, Miss. Anna ""Annie""",,x)", R"(a,"b")"}) {
    ASSERT_TRUE(splitter.split(line));
    ASSERT_TRUE(io::split_csv_line(line, copied));
    ASSERT_EQ(splitter.fields().size(), copied.size()) << line;
    for (std::size_t i = 0; i < copied.size(); ++i) EXPECT_EQ(splitter.fields()[i], copied[i]) << line;
  }
  EXPECT_FALSE(splitter.split(R"(1,"open)"));
}

TEST(Csv, ReadsCrLfAndCountsLines) {
  std::istringstream in("a,b\r\n1,2\r\n\r\n3,4\r\n");
  io::CsvReader reader("mem.csv", in);
  std::vector<std::string> fields;
  ASSERT_TRUE(reader.next(fields));
  ASSERT_TRUE(reader.next(fields));
  EXPECT_EQ(fields[1], "2");
  ASSERT_TRUE(reader.next(fields));
  EXPECT_EQ(reader.line(), 4u);
  EXPECT_EQ(fields[0], "3");
  EXPECT_FALSE(reader.next(fields));
}

TEST(Series, RoundTripsAndRejectsBadRows) {
  testkit::TempDir dir;
  io::Series series;
  series.names = {"w1_0_0", "w1_0_1"};
  series.index.resize(3, 1);
  series.index << 0, 1, 2;
  series.values.resize(3, 2);
  series.values << 0.1, -2.5e-300, 1.0 / 3.0, std::nan(""), 7, 8;
  {
    std::ofstream out(dir / "s.csv");
    io::write_series(out, series);
  }
  const auto back = io::read_series((dir / "s.csv").string());
  EXPECT_EQ(back.names, series.names);
  EXPECT_EQ(back.index, series.index);
  EXPECT_EQ(back.values(0, 1), -2.5e-300);
  EXPECT_EQ(back.values(1, 0), 1.0 / 3.0);
  EXPECT_TRUE(std::isnan(back.values(1, 1)));

  auto expect_error = [&](const std::string& text, const std::string& fragment) {
    testkit::write_file(dir / "bad.csv", text);
    try {
      io::read_series((dir / "bad.csv").string());
      FAIL() << "no error for " << text;
    } catch (const InputError& error) {
      EXPECT_NE(std::string(error.what()).find(fragment), std::string::npos) << error.what();
    }
  };
  expect_error("step,a\n0,1\n1,2,3\n", "bad.csv:3: expected 2 fields, found 3");
  expect_error("step,a\n0,1\n1,x\n", "bad.csv:3: column 2: not a number: 'x'");
  expect_error("time,a\n0,1\n", "bad.csv:1: column 1: expected column 'step'");
  expect_error("step,a\n1,1\n1,2\n", "bad.csv:3: column 1: 'step' does not increase");
}

TEST(Sha256, MatchesTheFipsExamples) {
  EXPECT_EQ(io::sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(io::sha256_hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(io::sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

TEST(RandomStream, IsReproducibleAndRoughlyNormal) {
  RandomStream a(42, "init"), b(42, "init"), c(42, "order");
  EXPECT_EQ(a.next(), b.next());
  EXPECT_NE(a.next(), c.next());
  RandomStream stream(1, "normal");
  double sum = 0, squares = 0;
  const int n = 200000;
  for (int i = 0; i < n; ++i) {
    const double x = stream.normal();
    sum += x;
    squares += x * x;
  }
  // Standard errors: mean 1/sqrt(n) = 0.0022, variance sqrt(2/n) = 0.0032; 5 sigma bounds.
  EXPECT_NEAR(sum / n, 0.0, 0.011);
  EXPECT_NEAR(squares / n, 1.0, 0.016);
}

// A series CSV larger than one parse chunk (8 MB), so that rows are split over threads and chunks.
TEST(Series, ColumnBlocksParsedOnSeveralThreadsEqualTheSerialRead) {
  testkit::TempDir dir;
  const std::size_t rows = 60000, columns = 12;
  RandomStream random(7, "series-test");
  std::string text = "step";
  for (std::size_t c = 0; c < columns; ++c) text += ",w" + std::to_string(c);
  text += '\n';
  for (std::size_t r = 0; r < rows; ++r) {
    text += std::to_string(3 * r);
    for (std::size_t c = 0; c < columns; ++c) {
      text += ',';
      io::append_double(text, random.normal());
    }
    text += '\n';
  }
  ASSERT_GT(text.size(), std::size_t{9} << 20);
  testkit::write_file(dir / "wide.csv", text);
  const std::string path = (dir / "wide.csv").string();
  const io::Series whole = io::read_series(path);
  ASSERT_EQ(whole.rows(), static_cast<Eigen::Index>(rows));
  for (unsigned threads : {1u, 2u, 3u}) {
    io::SeriesColumns source(path, {"step"}, true, threads);
    EXPECT_GE(source.rows_at_most(), whole.rows());
    const io::Series block = source.read(5, 4);
    EXPECT_EQ(block.names, std::vector<std::string>({"w5", "w6", "w7", "w8"}));
    EXPECT_EQ(block.index, whole.index) << threads;
    EXPECT_EQ(block.values, whole.values.middleCols(5, 4)) << threads;  // bit for bit
  }

  // The first bad line is the one reported, however the rows were split.
  auto line_offset = [](const std::string& content, std::size_t line) {  // where 1-based `line` starts
    std::size_t offset = 0;
    for (std::size_t i = 1; i < line; ++i) offset = content.find('\n', offset) + 1;
    return offset;
  };
  // Lines are about 230 bytes: a chunk holds about 36,000, each thread about 18,000 of them.
  const std::size_t early_line = 5000, middle_line = 30000, late_line = rows - 100;
  std::string bad = text;
  bad.replace(line_offset(bad, late_line), 1, "x");
  bad.replace(line_offset(bad, middle_line), 1, "x");
  bad.insert(line_offset(bad, early_line), "1\n");  // a line of one field
  testkit::write_file(dir / "bad.csv", bad);
  for (unsigned threads : {1u, 2u}) {
    io::SeriesColumns source((dir / "bad.csv").string(), {"step"}, true, threads);
    try {
      source.read(0, columns);
      FAIL() << "no error";
    } catch (const InputError& error) {
      EXPECT_NE(std::string(error.what()).find("bad.csv:" + std::to_string(early_line) + ": expected 13 fields, found 1"),
                std::string::npos)
          << error.what();
    }
  }

  // A step that does not increase is caught in the last chunk too.
  std::string repeated = text;
  const std::size_t last_line = line_offset(repeated, rows + 1);
  repeated.replace(last_line, repeated.find(',', last_line) - last_line, "0");
  testkit::write_file(dir / "repeat.csv", repeated);
  try {
    io::SeriesColumns((dir / "repeat.csv").string(), {"step"}, true, 2).read(0, 1);
    FAIL() << "no error";
  } catch (const InputError& error) {
    EXPECT_NE(std::string(error.what()).find("repeat.csv:" + std::to_string(rows + 1) + ": column 1: 'step' does not increase"),
              std::string::npos)
        << error.what();
  }
}

// CSV rows are formatted on a background thread a block at a time: the text must be exactly the
// row-by-row text, across many blocks, and an abandoned writer must neither hang nor throw.
TEST(Series, BackgroundFormattedCsvEqualsTheRowByRowText) {
  const std::size_t rows = 5000, columns = 40;  // about 3 blocks of 64k values
  RandomStream random(11, "writer-test");
  std::ostringstream out;
  std::string expected = "step,\"a,b\"";
  for (std::size_t c = 1; c < columns; ++c) expected += ",w" + std::to_string(c);
  expected += '\n';
  {
    std::vector<std::string> names{"a,b"};
    for (std::size_t c = 1; c < columns; ++c) names.push_back("w" + std::to_string(c));
    io::SeriesWriter writer(out, {"step"}, names);
    std::vector<double> row(columns);
    for (std::size_t r = 0; r < rows; ++r) {
      expected += std::to_string(r);
      for (auto& value : row) {
        value = r % 7 == 3 ? std::nan("") : random.normal() * 1e-5;
        expected += "," + io::format_double(value);
      }
      expected += '\n';
      const long long index[1] = {static_cast<long long>(r)};
      writer.write_row(index, std::span<const double>(row));
    }
    writer.finish();
  }
  EXPECT_EQ(out.str(), expected);

  std::ostringstream abandoned;
  {
    io::SeriesWriter writer(abandoned, {"step"}, {"w"});
    const double value[1] = {1.0};
    for (long long r = 0; r < 100000; ++r) writer.write_row(std::span<const long long>(&r, 1), std::span<const double>(value));
  }  // no finish(): the writer stops, having written whole blocks only
  EXPECT_EQ(abandoned.str().back(), '\n');
}
