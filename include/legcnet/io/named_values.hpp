#pragma once
// name,value files: init.csv and model.csv (every weight and bias), mask.csv (weight,keep).
#include <ostream>
#include <string>
#include <vector>

namespace legcnet::io {

struct NamedValues {
  std::vector<std::string> names;
  std::vector<double> values;
  std::string source;
};

// Reads a two-column file whose header is `name_header,value_header`. Names are unique, values
// finite (weights, biases, keep flags are never nan or inf).
NamedValues read_named_values(const std::string& path, const std::string& name_header = "name",
                              const std::string& value_header = "value");
void write_named_values(std::ostream& out, const NamedValues& table, const std::string& name_header = "name",
                        const std::string& value_header = "value");

}  // namespace legcnet::io
