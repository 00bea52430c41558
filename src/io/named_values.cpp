#include "legcnet/io/named_values.hpp"

#include <unordered_set>

#include "legcnet/error.hpp"
#include "legcnet/io/csv.hpp"
#include "legcnet/io/number_format.hpp"

namespace legcnet::io {

NamedValues read_named_values(const std::string& path, const std::string& name_header,
                              const std::string& value_header) {
  CsvReader reader(path);
  std::vector<std::string> fields;
  if (!reader.next(fields)) throw InputError(path, 1, "empty file: no header line");
  if (fields.size() != 2 || fields[0] != name_header || fields[1] != value_header)
    throw InputError(path, reader.line(), "expected header '" + name_header + "," + value_header + "'");
  NamedValues table;
  table.source = reader.path();
  std::unordered_set<std::string> seen;
  while (reader.next(fields)) {
    if (fields.size() != 2)
      throw InputError(path, reader.line(), "expected 2 fields, found " + std::to_string(fields.size()));
    if (!seen.insert(fields[0]).second) throw InputError(path, reader.line(), "duplicate name '" + fields[0] + "'");
    table.names.push_back(fields[0]);
    table.values.push_back(reader.finite(fields, 1));
  }
  if (table.names.empty()) throw InputError(path, reader.line() + 1, "no rows after the header");
  return table;
}

void write_named_values(std::ostream& out, const NamedValues& table, const std::string& name_header,
                        const std::string& value_header) {
  std::string text = name_header + "," + value_header + "\n";
  for (std::size_t i = 0; i < table.names.size(); ++i) {
    text += quote_csv_field(table.names[i]);
    text += ',';
    append_double(text, table.values[i]);
    text += '\n';
  }
  out << text;
}

}  // namespace legcnet::io
