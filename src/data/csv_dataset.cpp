// The generic CSV loader: refuses or reports, never guesses silently (issue 11.1).
#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <map>

#include "legcnet/data/dataset.hpp"
#include "legcnet/error.hpp"
#include "legcnet/io/csv.hpp"
#include "legcnet/io/number_format.hpp"

namespace legcnet::data {

HeaderMode parse_header_mode(const std::string& text) {
  if (text == "auto") return HeaderMode::automatic;
  if (text == "yes") return HeaderMode::yes;
  if (text == "no") return HeaderMode::no;
  throw InputError("--header must be auto, yes or no, not '" + text + "'");
}

namespace {

enum class Cell { number, empty, not_number, non_finite, overflow };

// A cell as a finite double. Underflow (1e-400) reads as the nearest double, as strtod does.
Cell read_cell(const std::string& text, double& value) {
  if (io::parse_double(text, value)) return std::isfinite(value) ? Cell::number : Cell::non_finite;
  if (text.find_first_not_of(" \t") == std::string::npos) return Cell::empty;
  const auto first = text.find_first_not_of(" \t");
  const auto last = text.find_last_not_of(" \t");
  const std::string trimmed = text.substr(first, last - first + 1);
  char* end = nullptr;
  errno = 0;
  const double parsed = std::strtod(trimmed.c_str(), &end);
  if (end == trimmed.c_str() + trimmed.size() && errno == ERANGE) {
    if (std::isinf(parsed)) return Cell::overflow;
    value = parsed;
    return Cell::number;
  }
  return Cell::not_number;
}

bool is_number(const std::string& text) {
  double ignored = 0.0;
  return read_cell(text, ignored) != Cell::not_number && read_cell(text, ignored) != Cell::empty;
}

std::string delimiter_name(char c) {
  if (c == '\t') return "tab";
  if (c == ';') return "semicolon";
  if (c == ',') return "comma";
  return std::string("'") + c + "'";
}

// Class order: numeric labels by value, text labels alphabetically (as scikit-learn's encoders).
std::vector<std::string> ordered_classes(std::vector<std::string> labels) {
  std::sort(labels.begin(), labels.end());
  labels.erase(std::unique(labels.begin(), labels.end()), labels.end());
  if (std::all_of(labels.begin(), labels.end(), is_number)) {
    std::stable_sort(labels.begin(), labels.end(), [](const std::string& a, const std::string& b) {
      double x = 0, y = 0;
      read_cell(a, x);
      read_cell(b, y);
      return x < y;
    });
  }
  return labels;
}

// pandas writes the column names 0, 1, 2, ... of an unnamed frame: line 1's feature cells
// counting up from 0 or 1 (at least three of them, so a short data row rarely matches).
bool counts_up(const std::vector<std::string>& fields, const std::vector<std::size_t>& columns) {
  if (columns.size() < 3) return false;
  long long first = 0;
  if (!io::parse_int64(fields[columns.front()], first) || (first != 0 && first != 1)) return false;
  for (std::size_t k = 0; k < columns.size(); ++k) {
    long long value = 0;
    if (!io::parse_int64(fields[columns[k]], value) || value != first + static_cast<long long>(k)) return false;
  }
  return true;
}

// Column c is 0..n-1 or 1..n in file order: a row number saved as a column (pandas' index).
bool looks_like_index(const FeatureMatrix& features, Eigen::Index c) {
  const Eigen::Index n = features.rows();
  if (n < 3) return false;
  const double first = features(0, c);
  if (first != 0.0 && first != 1.0) return false;
  for (Eigen::Index r = 0; r < n; ++r)
    if (features(r, c) != first + static_cast<double>(r)) return false;
  return true;
}

}  // namespace

LabeledData load_csv_dataset(const std::string& path, const CsvDatasetOptions& options) {
  io::CsvReader reader(path);
  const char delimiter = options.delimiter == 0 ? ',' : options.delimiter;
  std::vector<std::string> first, fields;
  std::string_view line;
  if (!reader.next_line(line)) throw InputError(path, 1, "empty dataset: no lines");
  const std::size_t first_line = reader.line();
  if (options.delimiter == 0) {
    // A file written with another separator would read as one column (or as split decimal commas).
    for (char other : {';', '\t'}) {
      bool quoted = false;
      for (char c : line) {
        if (c == '"') quoted = !quoted;
        if (!quoted && c == other)
          throw InputError(path, first_line, "the line is separated by " + delimiter_name(other) +
                                                 "s, not commas: read it with --delimiter " +
                                                 (other == '\t' ? std::string("tab") : std::string("';'")));
      }
    }
  }
  if (!io::split_csv_line(line, first, delimiter)) throw InputError(path, first_line, "unterminated quoted field");
  const std::size_t width = first.size();
  if (width < 2)
    throw InputError(path, first_line, "one column only: a dataset needs features and a label" +
                                           std::string(options.delimiter == 0 ? " (another separator? --delimiter)" : ""));
  const int label_first = options.label_column < 0 ? static_cast<int>(width) - options.one_hot_width : options.label_column;
  if (options.one_hot_width < 1) throw InputError("--one-hot must be at least 1");
  if (label_first < 0 || label_first + options.one_hot_width > static_cast<int>(width))
    throw InputError(path, first_line, "label column " + std::to_string(label_first) + " is outside the " +
                                           std::to_string(width) + " columns 0.." + std::to_string(width - 1));
  auto is_label = [&](std::size_t c) {
    return static_cast<int>(c) >= label_first && static_cast<int>(c) < label_first + options.one_hot_width;
  };
  auto is_dropped = [&](std::size_t c) {
    return std::find(options.drop_columns.begin(), options.drop_columns.end(), static_cast<int>(c)) !=
           options.drop_columns.end();
  };
  for (int c : options.drop_columns)
    if (c < 0 || c >= static_cast<int>(width))
      throw InputError(path, first_line, "dropped column " + std::to_string(c) + " is outside the " +
                                             std::to_string(width) + " columns 0.." + std::to_string(width - 1));
  std::vector<std::size_t> feature_columns;
  for (std::size_t c = 0; c < width; ++c)
    if (!is_label(c) && !is_dropped(c)) feature_columns.push_back(c);
  if (feature_columns.empty()) throw InputError(path, first_line, "no feature columns left besides the label");

  // Header detection needs the second line's label cell: read it now.
  std::vector<std::string> second;
  std::size_t second_line = 0;
  const bool have_second = reader.next_line(line);
  if (have_second) {
    second_line = reader.line();
    if (!io::split_csv_line(line, second, delimiter)) throw InputError(path, second_line, "unterminated quoted field");
  }
  CsvLayout layout;
  layout.delimiter = delimiter;
  layout.label_column = label_first;
  layout.one_hot_width = options.one_hot_width;
  for (std::size_t c : feature_columns) layout.feature_columns.push_back(static_cast<int>(c));
  if (options.header == HeaderMode::yes) {
    layout.header = true, layout.header_reason = "--header yes";
  } else if (options.header == HeaderMode::no) {
    layout.header = false, layout.header_reason = "--header no";
  } else {
    for (std::size_t c = 0; c < width && !layout.header; ++c) {
      if (is_dropped(c) || is_number(first[c])) continue;
      // A text label is a class name, unless the label below it is a number.
      if (is_label(c) && options.one_hot_width == 1 && !(have_second && c < second.size() && is_number(second[c])))
        continue;
      layout.header = true;
      layout.header_reason = "line 1 has the name '" + first[c] + "' in column " + std::to_string(c);
    }
    if (!layout.header && counts_up(first, feature_columns)) {
      layout.header = true;
      layout.header_reason = "line 1 counts the columns " + first[feature_columns.front()] + ", " +
                             first[feature_columns[1]] + ", ... (pandas' default names)";
    }
    if (!layout.header) layout.header_reason = "every cell of line 1 is data";
  }

  LabeledData data;
  for (std::size_t c : feature_columns) {
    const bool named = layout.header && first[c].find_first_not_of(" \t") != std::string::npos;
    data.feature_names.push_back(named ? first[c] : "x" + std::to_string(c));
  }
  auto column_label = [&](std::size_t c) {
    std::string text = "column " + std::to_string(c);
    if (layout.header && c < first.size() && !first[c].empty()) text += " ('" + first[c] + "')";
    return text;
  };

  std::vector<double> cells;
  std::vector<std::string> raw_labels;
  std::vector<std::size_t> label_lines;
  std::size_t data_row = 0;
  auto take = [&](const std::vector<std::string>& row, std::size_t line_number) {
    if (row.size() != width)
      throw InputError(path, line_number,
                       "expected " + std::to_string(width) + " fields, found " + std::to_string(row.size()));
    auto number = [&](std::size_t c) {
      double value = 0.0;
      switch (read_cell(row[c], value)) {
        case Cell::number: return value;
        case Cell::empty:
          throw InputError(path, line_number, column_label(c) + ": empty cell (a missing value?); every cell must hold a number");
        case Cell::non_finite:
          throw InputError(path, line_number, column_label(c) + ": '" + row[c] +
                                                  "' is not a finite number (a missing value?); every cell must hold one");
        case Cell::overflow:
          throw InputError(path, line_number, column_label(c) + ": '" + row[c] + "' overflows a double");
        case Cell::not_number: break;
      }
      std::string hint;
      if (row[c].find(',') != std::string::npos) hint = " (a decimal comma? numbers need a '.')";
      throw InputError(path, line_number, column_label(c) + ": not a number: '" + row[c] + "'" + hint);
    };
    for (std::size_t c : feature_columns) cells.push_back(number(c));
    if (options.one_hot_width == 1) {
      raw_labels.push_back(row[static_cast<std::size_t>(label_first)]);
    } else {
      int hot = -1;
      for (int k = 0; k < options.one_hot_width; ++k) {
        const auto c = static_cast<std::size_t>(label_first + k);
        const double value = number(c);
        if (value == 1.0 && hot < 0) {
          hot = k;
        } else if (value != 0.0) {
          throw InputError(path, line_number, column_label(c) + ": one-hot label is not a single 1 among 0s");
        }
      }
      if (hot < 0) throw InputError(path, line_number, "one-hot label has no 1");
      raw_labels.push_back(std::to_string(hot));
    }
    label_lines.push_back(line_number);
    data.rows.push_back(data_row++);
  };
  if (!layout.header) take(first, first_line);
  if (have_second) {
    take(second, second_line);
    while (reader.next_line(line)) {
      if (!io::split_csv_line(line, fields, delimiter)) throw InputError(path, reader.line(), "unterminated quoted field");
      take(fields, reader.line());
    }
  }
  if (raw_labels.empty()) throw InputError(path, reader.line() + 1, "empty dataset: no data rows");

  const std::size_t label_c = static_cast<std::size_t>(label_first);
  if (options.expected_classes.empty()) {
    data.class_names = ordered_classes(raw_labels);
    const std::size_t classes = data.class_names.size(), samples = raw_labels.size();
    if (options.one_hot_width == 1 &&
        (classes > static_cast<std::size_t>(std::max(options.max_classes, 0)) || 2 * classes > samples))
      throw InputError(path + ": the label, " + column_label(label_c) + ", holds " + std::to_string(classes) +
                       " distinct values for " + std::to_string(samples) +
                       " samples: not a class label? --label-col K picks the label column (0-based; default: the last), "
                       "--max-classes N allows more classes (now " + std::to_string(options.max_classes) + ")");
  } else {
    data.class_names = options.expected_classes;
  }
  std::map<std::string, int> class_index;
  for (std::size_t k = 0; k < data.class_names.size(); ++k) class_index[data.class_names[k]] = static_cast<int>(k);
  for (std::size_t i = 0; i < raw_labels.size(); ++i) {
    auto found = class_index.find(raw_labels[i]);
    if (found == class_index.end())
      throw InputError(path, label_lines[i], column_label(label_c) + ": unknown label '" + raw_labels[i] + "'");
    data.labels.push_back(found->second);
  }
  const auto rows = static_cast<Eigen::Index>(raw_labels.size());
  data.features = Eigen::Map<FeatureMatrix>(cells.data(), rows, static_cast<Eigen::Index>(feature_columns.size()));
  for (std::size_t k = 0; k < feature_columns.size(); ++k)
    if (looks_like_index(data.features, static_cast<Eigen::Index>(k)))
      data.warnings.push_back(path + ": " + column_label(feature_columns[k]) + " holds " +
                              io::format_double(data.features(0, static_cast<Eigen::Index>(k))) + ", " +
                              io::format_double(data.features(1, static_cast<Eigen::Index>(k))) + ", ... " +
                              io::format_double(data.features(rows - 1, static_cast<Eigen::Index>(k))) +
                              ", the row numbers: an index, not a feature? (--drop-cols " +
                              std::to_string(feature_columns[k]) + " leaves it out)");
  data.layout = std::move(layout);
  return data;
}

}  // namespace legcnet::data
