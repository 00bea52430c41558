#include "legcnet/complexity/ctm.hpp"

#include <cmath>
#include <fstream>

#include "legcnet/error.hpp"
#include "legcnet/io/csv.hpp"
#include "legcnet/io/number_format.hpp"

namespace legcnet::complexity {
namespace {

std::size_t offset_of(int side) {
  switch (side) {
    case 4: return 0;
    case 3: return 65536;
    case 2: return 65536 + 512;
    case 1: return 65536 + 512 + 16;
    default: return kBlockKeyCount;
  }
}

}  // namespace

std::size_t block_key(int side, std::uint32_t code) { return offset_of(side) + code; }

CtmTable CtmTable::read(std::istream& in, const std::string& name) {
  io::CsvReader reader(name, in);
  std::vector<std::string> fields;
  if (!reader.next(fields) || fields != std::vector<std::string>{"rows", "columns", "block", "ctm_bits"})
    throw InputError(name, 1, "not a CTM table: expected the header rows,columns,block,ctm_bits");
  CtmTable table;
  table.values_.assign(kBlockKeyCount, std::nan(""));
  std::size_t rows_read = 0;
  while (reader.next(fields)) {
    if (fields.size() != 4)
      throw InputError(name, reader.line(), "expected 4 fields, found " + std::to_string(fields.size()));
    const double rows = reader.number(fields, 0), columns = reader.number(fields, 1);
    if (rows != columns || rows < 1 || rows > kMaxBlockSide)
      throw InputError(name, reader.line(), "blocks must be square with a side of 1 to 4");
    const int side = static_cast<int>(rows);
    const std::string& bits = fields[2];
    if (bits.size() != static_cast<std::size_t>(side * side) || bits.find_first_not_of("01") != std::string::npos)
      throw InputError(name, reader.line(), 3, "expected " + std::to_string(side * side) + " bits, found '" + bits + "'");
    if (bits[0] != '0')
      throw InputError(name, reader.line(), 3, "block '" + bits + "' is not normalised (its first bit must be 0)");
    const double bits_value = reader.number(fields, 3);
    if (!std::isfinite(bits_value) || bits_value <= 0)
      throw InputError(name, reader.line(), 4, "a CTM value must be a positive finite number");
    std::uint32_t code = 0;
    for (char bit : bits) code = (code << 1) | static_cast<std::uint32_t>(bit == '1');
    const std::uint32_t all = (std::uint32_t{1} << (side * side)) - 1;
    double& stored = table.values_[block_key(side, code)];
    if (!std::isnan(stored)) throw InputError(name, reader.line(), 3, "block '" + bits + "' appears twice");
    stored = bits_value;
    table.values_[block_key(side, all ^ code)] = bits_value;
    ++rows_read;
  }
  for (int side = 1; side <= kMaxBlockSide; ++side)
    for (std::uint32_t code = 0; code < (std::uint32_t{1} << (side * side)); ++code)
      if (std::isnan(table.values_[block_key(side, code)])) {
        std::string bits;
        for (int b = side * side - 1; b >= 0; --b) bits += ((code >> b) & 1U) ? '1' : '0';
        throw InputError(name, reader.line() + 1,
                         "incomplete CTM table (" + std::to_string(rows_read) + " blocks read): no value for the " +
                             std::to_string(side) + "x" + std::to_string(side) + " block " + bits);
      }
  return table;
}

CtmTable CtmTable::read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(path + ": cannot open the CTM table");
  return read(in, path);
}

}  // namespace legcnet::complexity
