// BDM and block entropy: the CTM table, the hand values of data/ctm/README.md, pybdm's own values
// (tests/reference/bdm, made by pybdm from its pickle), complement invariance, and the O(1) deltas
// against recounting from scratch.
#include <gtest/gtest.h>

#include <algorithm>
#include <sstream>

#include "legcnet/complexity/bdm.hpp"
#include "legcnet/error.hpp"
#include "legcnet/io/csv.hpp"
#include "legcnet/random.hpp"
#include "unit/ctm_support.hpp"

using namespace legcnet;
using namespace legcnet::complexity;
using testkit::ctm_table;

namespace {

constexpr double kZeroBlock = 22.006706292292176;  // CTM of the all-0 (and all-1) 4x4 block, README

std::vector<std::uint8_t> random_bits(std::size_t n, double density, RandomStream& stream) {
  std::vector<std::uint8_t> bits(n);
  for (auto& bit : bits) bit = stream.uniform() < density;
  return bits;
}

void expect_refused(const std::string& text, const std::string& fragment) {
  std::istringstream in(text);
  try {
    CtmTable::read(in, "t.csv");
    ADD_FAILURE() << "accepted: " << text.substr(0, 60);
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find(fragment), std::string::npos) << e.what();
  }
}

}  // namespace

TEST(CtmTable, CommittedCopyHasTheReadmeValues) {
  const auto& ctm = ctm_table();
  EXPECT_EQ(ctm.value(block_key(4, 0)), kZeroBlock);
  EXPECT_EQ(ctm.value(block_key(4, 0xFFFF)), kZeroBlock);  // a complement shares the value
  double low = 1e300, high = 0;
  for (std::uint32_t code = 0; code < 65536; ++code) {
    low = std::min(low, ctm.value(block_key(4, code)));
    high = std::max(high, ctm.value(block_key(4, code)));
    ASSERT_EQ(ctm.value(block_key(4, code)), ctm.value(block_key(4, 0xFFFF ^ code)));
  }
  EXPECT_EQ(low, kZeroBlock);
  EXPECT_EQ(high, 36.02279026553976);
  EXPECT_EQ(ctm.value(block_key(2, 0)), 6.807402837726404);  // first 2x2 row of the file
  EXPECT_EQ(ctm.value(block_key(2, 0b1110)), 6.8640633296328675);  // complement of 0001
}

TEST(CtmTable, RefusesCorruptTablesNamingFileAndLine) {
  expect_refused("", "t.csv:1: not a CTM table");
  expect_refused("rows,columns,block,value\n", "t.csv:1: not a CTM table");
  expect_refused("rows,columns,block,ctm_bits\n1,1,0,2.4\n", "t.csv:3: incomplete CTM table (1 blocks read): no value for "
                                                             "the 2x2 block 0000");
  expect_refused("rows,columns,block,ctm_bits\n1,1,0,2.4\n1,1,0,2.4\n", "t.csv:3: column 3: block '0' appears twice");
  expect_refused("rows,columns,block,ctm_bits\n1,1,1,2.4\n", "t.csv:2: column 3: block '1' is not normalised");
  expect_refused("rows,columns,block,ctm_bits\n2,2,000,2.4\n", "t.csv:2: column 3: expected 4 bits");
  expect_refused("rows,columns,block,ctm_bits\n2,3,000000,2.4\n", "t.csv:2: blocks must be square");
  expect_refused("rows,columns,block,ctm_bits\n1,1,0,nan\n", "t.csv:2: column 4: a CTM value must be a positive");
  expect_refused("rows,columns,block,ctm_bits\n1,1,0,x\n", "t.csv:2: column 4: not a number");
  expect_refused("rows,columns,block,ctm_bits\n1,1,0\n", "t.csv:2: expected 4 fields, found 3");
}

TEST(Bdm, HandValuesOfTheCtmReadme) {
  const auto& ctm = ctm_table();
  // 12x12 zeros: nine copies of the zero block, BDM = CTM + log2 9 (pybdm's docstring value); the same
  // operations as pybdm, so the same double up to log2's rounding (4 ulp).
  const BlockLayout square({{12, 12}}, Boundary::ignore);
  const std::vector<std::uint8_t> zeros(144, 0);
  const auto m = measure(square, ctm, zeros);
  EXPECT_DOUBLE_EQ(m.bdm, 25.176631293734488);
  EXPECT_EQ(m.entropy, 0.0);
  EXPECT_EQ(m.blocks, 9U);
  EXPECT_EQ(m.uncovered, 0U);
  // 4x8 [zeros | ones]: two distinct blocks of the same CTM value, once each; H = 1 bit.
  const BlockLayout wide({{4, 8}}, Boundary::ignore);
  std::vector<std::uint8_t> halves(32, 0);
  for (int r = 0; r < 4; ++r)
    for (int c = 4; c < 8; ++c) halves[static_cast<std::size_t>(r * 8 + c)] = 1;
  const auto h = measure(wide, ctm, halves);
  EXPECT_EQ(h.bdm, 2 * kZeroBlock);
  EXPECT_EQ(h.entropy, 1.0);
  // 5x5: only the top-left block counts, whatever lies outside it.
  RandomStream stream(5, "test-bdm");
  const BlockLayout five({{5, 5}}, Boundary::ignore);
  for (int trial = 0; trial < 20; ++trial) {
    auto bits = random_bits(25, 0.5, stream);
    std::uint32_t code = 0;
    for (int r = 0; r < 4; ++r)
      for (int c = 0; c < 4; ++c) code = (code << 1) | bits[static_cast<std::size_t>(r * 5 + c)];
    const auto f = measure(five, ctm, bits);
    EXPECT_EQ(f.bdm, ctm.value(block_key(4, code)));
    EXPECT_EQ(f.uncovered, 9U);
  }
}

TEST(Bdm, RecursiveBoundaryCutsLeftoversAsPybdm) {
  // 7x7 zeros: a 4x4 block, three 3x3 blocks (right, bottom, corner); the 1-wide strips stay uncovered.
  const BlockLayout seven({{7, 7}}, Boundary::recursive);
  EXPECT_EQ(seven.blocks(), 4U);
  EXPECT_EQ(seven.uncovered(), 49U - 16U - 27U);
  const auto m = measure(seven, ctm_table(), std::vector<std::uint8_t>(49, 0));
  EXPECT_DOUBLE_EQ(m.bdm, kZeroBlock + 13.713356989265957 + std::log2(3.0));  // 3x3 zeros: the file's value
  // 6x6: one 4x4 and five 2x2 blocks, nothing uncovered.
  const BlockLayout six({{6, 6}}, Boundary::recursive);
  EXPECT_EQ(six.blocks(), 6U);
  EXPECT_EQ(six.uncovered(), 0U);
}

// pybdm itself (its BDM class, its pickle, both boundaries) on random matrices and pooled layers. The
// sums run over the same terms in another order (pybdm: first seen; here: key order), so they agree
// to rounding: 1e-12 relative.
TEST(Bdm, AgreesWithPybdm) {
  const std::string path = (testkit::source_dir() / "tests/reference/bdm/pybdm_expected.csv").string();
  io::CsvReader reader(path);
  std::vector<std::string> fields;
  ASSERT_TRUE(reader.next(fields));
  int cases = 0;
  while (reader.next(fields)) {
    std::vector<MatrixShape> shapes;
    std::vector<std::uint8_t> bits;
    std::stringstream matrices(fields[2]);
    std::string matrix;
    while (std::getline(matrices, matrix, ';')) {
      MatrixShape shape;
      char x = 0, colon = 0;
      std::stringstream spec(matrix);
      spec >> shape.rows >> x >> shape.columns >> colon;
      shapes.push_back(shape);
      for (char bit : matrix.substr(matrix.find(':') + 1)) bits.push_back(bit == '1');
    }
    const BlockLayout layout(shapes, parse_boundary(fields[1]));
    const auto m = measure(layout, ctm_table(), bits);
    const double bdm = reader.number(fields, 3), entropy = reader.number(fields, 4);
    EXPECT_NEAR(m.bdm, bdm, 1e-12 * std::max(1.0, bdm)) << "case " << fields[0] << " " << fields[1];
    EXPECT_NEAR(m.entropy, entropy, 1e-12 * std::max(1.0, entropy)) << "case " << fields[0] << " " << fields[1];
    ++cases;
  }
  EXPECT_EQ(cases, 60);
}

TEST(Bdm, ComplementChangesNeitherMeasure) {
  RandomStream stream(7, "test-bdm");
  for (auto boundary : {Boundary::ignore, Boundary::recursive})
    for (std::vector<MatrixShape> shapes : {std::vector<MatrixShape>{{8, 12}}, {{13, 9}, {5, 13}, {3, 5}}, {{11, 6}, {1, 11}}}) {
      const BlockLayout layout(shapes, boundary);
      for (double density : {0.5, 0.15}) {
        auto bits = random_bits(layout.elements(), density, stream);
        const auto before = measure(layout, ctm_table(), bits);
        for (auto& bit : bits) bit = bit ? 0 : 1;
        const auto after = measure(layout, ctm_table(), bits);
        EXPECT_NEAR(after.bdm, before.bdm, 1e-12 * before.bdm);  // same terms, another order
        EXPECT_NEAR(after.entropy, before.entropy, 1e-12);
      }
    }
}

// The O(1) delta of clearing one element, and the delta of clearing a group, against recounting the
// pattern from scratch before and after (long double sums). Not the same doubles: the totals are
// sums of up to ~100 terms, the delta a difference of two; tolerance 1e-12 bits (the deltas' own
// rounding is a few ulp of terms below 40, about 1e-14). The kept counts must equal a recount exactly.
TEST(IncrementalComplexity, DeltaEqualsFullRecomputation) {
  RandomStream stream(11, "test-bdm");
  int checked = 0;
  for (auto measure_kind : {Measure::bdm, Measure::entropy})
    for (auto boundary : {Boundary::ignore, Boundary::recursive})
      for (std::vector<MatrixShape> shapes : {std::vector<MatrixShape>{{9, 13}, {6, 9}, {2, 6}}, {{16, 12}, {8, 16}}}) {
        const BlockLayout layout(shapes, boundary);
        auto bits = random_bits(layout.elements(), 0.35, stream);
        IncrementalComplexity state(layout, ctm_table(), measure_kind, bits);
        std::vector<std::size_t> order(layout.elements());
        for (std::size_t e = 0; e < order.size(); ++e) order[e] = e;
        stream.shuffle(std::span<std::size_t>(order));
        for (std::size_t k = 0; k < order.size(); ++k) {
          const std::size_t e = order[k];
          const long double before = testkit::full_measure(layout, bits, measure_kind);
          if (k % 7 == 3) {  // a group: this element and the next few, as a hidden unit's row and column
            std::vector<std::size_t> group(order.begin() + static_cast<std::ptrdiff_t>(k),
                                           order.begin() + static_cast<std::ptrdiff_t>(std::min(order.size(), k + 5)));
            auto after_bits = bits;
            for (auto g : group) after_bits[g] = 0;
            const double delta = state.clear_delta(group);
            EXPECT_NEAR(delta, static_cast<double>(before - testkit::full_measure(layout, after_bits, measure_kind)), 1e-12);
            ++checked;
          }
          const double delta = state.clear_delta(e);
          bits[e] = 0;
          state.clear(e);
          EXPECT_NEAR(delta, static_cast<double>(before - testkit::full_measure(layout, bits, measure_kind)), 1e-12)
              << "element " << e;
          ASSERT_EQ(state.keys(), block_keys(layout, bits));
          ++checked;
        }
        std::vector<std::uint32_t> recount(kBlockKeyCount, 0);
        for (auto key : block_keys(layout, bits)) ++recount[key];
        EXPECT_EQ(state.counts(), recount);
      }
  EXPECT_GT(checked, 1500);
}
