#pragma once
// Doubles as text: written in the shortest form that reads back to the same bits, read strictly.
#include <string>
#include <string_view>

namespace legcnet::io {

// Shortest round-trip form ("0.1", "1e-04" -> "0.0001"); "nan", "inf", "-inf" for non-finite values.
void append_double(std::string& out, double value);
std::string format_double(double value);

// Parses the whole of `text` as a double ("nan"/"inf" accepted). Returns false on anything else.
bool parse_double(std::string_view text, double& value);
// Whole numbers in plain decimal, strictly: no fraction, exponent or overflow ("1e3", "2.0" fail).
bool parse_int64(std::string_view text, long long& value);
bool parse_uint64(std::string_view text, unsigned long long& value);

}  // namespace legcnet::io
