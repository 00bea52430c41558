#include "numeric_options.hpp"

#include <charconv>
#include <climits>
#include <cmath>
#include <string_view>

#include "legcnet/io/number_format.hpp"

namespace legcnet::cli {
namespace {

std::string_view trimmed(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

std::string in_quotes(std::string_view text) { return "'" + std::string(text) + "'"; }

// Why `text` is not a finite double, or "" when it is one.
std::string float_problem(std::string_view text) {
  double value = 0.0;
  if (io::parse_double(text, value)) return std::isfinite(value) ? "" : in_quotes(text) + " is not a finite number";
  std::string_view digits = trimmed(text);
  if (!digits.empty() && digits.front() == '+') digits.remove_prefix(1);
  const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
  if (error == std::errc::result_out_of_range && end == digits.data() + digits.size())
    return in_quotes(text) + " is out of the range of a double";
  return in_quotes(text) + " is not a number";
}

// Checks an integer strictly and rewrites it in plain decimal ("010" -> "10"; CLI11 itself would
// read it as octal 8), or says why it is none.
std::string integer_problem(std::string& text, bool is_unsigned) {
  std::string_view digits = trimmed(text);
  if (!digits.empty() && digits.front() == '+') digits.remove_prefix(1);
  const bool negative = !digits.empty() && digits.front() == '-';
  if (negative && is_unsigned) return in_quotes(text) + " is negative (this option takes 0 or more)";
  long long signed_value = 0;
  unsigned long long unsigned_value = 0;
  const auto [end, error] = negative ? std::from_chars(digits.data(), digits.data() + digits.size(), signed_value)
                                     : std::from_chars(digits.data(), digits.data() + digits.size(), unsigned_value);
  if (error == std::errc::result_out_of_range) return in_quotes(text) + " is too large";
  if (error != std::errc() || end != digits.data() + digits.size() || digits.empty())
    return in_quotes(text) + " is not a whole number";
  if (!is_unsigned && !negative && unsigned_value > static_cast<unsigned long long>(LLONG_MAX))
    return in_quotes(text) + " is too large";
  text = negative ? std::to_string(signed_value) : std::to_string(unsigned_value);
  return "";
}

CLI::Validator strict_number(const std::string& type) {
  return CLI::Validator(
      [type](std::string& text) -> std::string {
        if (type == "FLOAT") return float_problem(text);
        return integer_problem(text, type == "UINT");
      },
      "", "strict-number");
}

// A number checked by the strict reading above (which runs first), compared with `accepts`.
template <typename Accepts>
std::function<std::string(std::string&)> bound(Accepts accepts, std::string what) {
  return [accepts, what](std::string& text) -> std::string {
    double value = 0.0;
    if (!io::parse_double(text, value) || !std::isfinite(value)) return float_problem(text);
    return accepts(value) ? "" : in_quotes(trimmed(text)) + " is not " + what;
  };
}

std::string base_type(const std::string& full_type) { return full_type.substr(0, full_type.find(':')); }

void replace_range_messages(CLI::Option& option) {
  for (int index = 0;; ++index) {
    CLI::Validator* validator = nullptr;
    try {
      validator = option.get_validator(index);
    } catch (const CLI::OptionNotFound&) {
      return;
    }
    const std::string description = validator->get_description();
    if (description == "POSITIVE") validator->operation(bound([](double v) { return v > 0.0; }, "positive"));
    if (description == "NONNEGATIVE")
      validator->operation(bound([](double v) { return v >= 0.0; }, "zero or positive"));
  }
}

}  // namespace

CLI::Validator positive() {
  return CLI::Validator(bound([](double v) { return v > 0.0; }, "positive"), "POSITIVE");
}

CLI::Validator non_negative() {
  return CLI::Validator(bound([](double v) { return v >= 0.0; }, "zero or positive"), "NONNEGATIVE");
}

CLI::Validator in_range(double low, double high, bool high_inclusive) {
  const std::string range = "[" + io::format_double(low) + ", " + io::format_double(high) + (high_inclusive ? "]" : ")");
  return CLI::Validator(
      bound([=](double v) { return v >= low && (high_inclusive ? v <= high : v < high); }, "in " + range), "in " + range);
}

void check_numeric_options(CLI::App& app) {
  for (CLI::Option* option : app.get_options()) {
    const std::string type = base_type(option->get_type_name());
    if (type == "FLOAT" || type == "INT" || type == "UINT") option->transform(strict_number(type));
    replace_range_messages(*option);
  }
  for (CLI::App* sub : app.get_subcommands([](CLI::App*) { return true; })) check_numeric_options(*sub);
}

}  // namespace legcnet::cli
