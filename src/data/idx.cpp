#include "legcnet/data/idx.hpp"

#include <zlib.h>

#include <algorithm>
#include <limits>
#include <memory>
#include <string>

#include "legcnet/data/presets.hpp"
#include "legcnet/error.hpp"
#include "legcnet/io/input_file.hpp"
#include "legcnet/io/sha256.hpp"

namespace legcnet::data {

namespace {

constexpr std::uint32_t kLabelsMagic = 2049;
constexpr std::uint32_t kImagesMagic = 2051;
constexpr std::size_t kSide = 28;
constexpr std::size_t kPixels = kSide * kSide;
constexpr int kClasses = 10;

struct GzCloser {
  void operator()(gzFile_s* file) const { gzclose(file); }
};

// gzread passes a file that is not gzip through unchanged, so raw and .gz files share this.
class GzInput {
 public:
  explicit GzInput(const std::filesystem::path& path)
      : path_((io::require_input_file(path.string()), path.string())), file_(gzopen(path_.c_str(), "rb")) {
    if (!file_) throw InputError(path_ + ": cannot open for reading");
    gzbuffer(file_.get(), 1u << 17);
  }

  // Reads up to `size` bytes; fewer only at the end of the data. Corrupt data is an error.
  std::size_t read(std::uint8_t* out, std::size_t size) {
    std::size_t done = 0;
    while (done < size) {
      const auto request = static_cast<unsigned>(std::min<std::size_t>(size - done, 1u << 30));
      const int got = gzread(file_.get(), out + done, request);
      if (got == 0 && error_code() == Z_OK) break;  // the end of the data
      if (got <= 0) throw InputError(path_ + ": corrupt or truncated file: " + zlib_message());
      done += static_cast<std::size_t>(got);
    }
    return done;
  }

  const std::string& path() const { return path_; }

 private:
  int error_code() {
    int code = Z_OK;
    gzerror(file_.get(), &code);
    return code;
  }
  // zlib's message without the "PATH: " it puts in front.
  std::string zlib_message() {
    int code = Z_OK;
    std::string message = gzerror(file_.get(), &code);
    if (message.starts_with(path_ + ": ")) message.erase(0, path_.size() + 2);
    return message;
  }
  std::string path_;
  std::unique_ptr<gzFile_s, GzCloser> file_;
};

std::uint32_t read_big_endian_u32(GzInput& input, const char* what) {
  std::uint8_t bytes[4];
  if (input.read(bytes, 4) != 4) throw InputError(input.path() + ": truncated IDX file: it ends inside the " + what);
  return (std::uint32_t{bytes[0]} << 24) | (std::uint32_t{bytes[1]} << 16) | (std::uint32_t{bytes[2]} << 8) |
         std::uint32_t{bytes[3]};
}

std::string dims_text(const std::vector<std::size_t>& dims) {
  std::string text;
  for (std::size_t dim : dims) text += (text.empty() ? "" : " x ") + std::to_string(dim);
  return text;
}

}  // namespace

IdxFile read_idx(const std::filesystem::path& path) {
  GzInput input(path);
  IdxFile idx;
  idx.magic = read_big_endian_u32(input, "magic number");
  const std::uint32_t type = (idx.magic >> 8) & 0xffu;
  const std::uint32_t rank = idx.magic & 0xffu;
  if ((idx.magic >> 16) != 0 || type != 0x08 || rank == 0)
    throw InputError(input.path() + ": not an IDX file of unsigned bytes (magic number " + std::to_string(idx.magic) +
                     "; MNIST has 2049 for labels, 2051 for images)");
  std::size_t total = 1;
  for (std::uint32_t i = 0; i < rank; ++i) {
    const std::size_t dim = read_big_endian_u32(input, "dimensions");
    idx.dims.push_back(dim);
    if (dim != 0 && total > std::numeric_limits<std::size_t>::max() / dim)
      throw InputError(input.path() + ": dimensions " + dims_text(idx.dims) + " are too large");
    total *= dim;
  }
  // Read in pieces so that a header announcing far more data than the file holds fails on the
  // missing bytes, not on allocating them.
  constexpr std::size_t kPiece = std::size_t{1} << 24;
  std::size_t done = 0;
  while (done < total) {
    const std::size_t piece = std::min(kPiece, total - done);
    idx.data.resize(done + piece);
    const std::size_t got = input.read(idx.data.data() + done, piece);
    done += got;
    if (got < piece)
      throw InputError(input.path() + ": truncated IDX file: dimensions " + dims_text(idx.dims) + " need " +
                       std::to_string(total) + " data bytes, found " + std::to_string(done));
  }
  std::uint8_t extra = 0;
  if (input.read(&extra, 1) != 0)
    throw InputError(input.path() + ": bytes after the " + dims_text(idx.dims) + " data (not an IDX file?)");
  return idx;
}

LabeledData read_idx_images_and_labels(const std::filesystem::path& images_path,
                                       const std::filesystem::path& labels_path) {
  const IdxFile images = read_idx(images_path);
  const IdxFile labels = read_idx(labels_path);
  if (images.magic != kImagesMagic)
    throw InputError(images_path.string() + ": magic number " + std::to_string(images.magic) +
                     ", expected 2051 (IDX images)");
  if (labels.magic != kLabelsMagic)
    throw InputError(labels_path.string() + ": magic number " + std::to_string(labels.magic) +
                     ", expected 2049 (IDX labels)");
  if (images.dims[1] != kSide || images.dims[2] != kSide)
    throw InputError(images_path.string() + ": images of " + std::to_string(images.dims[1]) + " x " +
                     std::to_string(images.dims[2]) + " pixels, expected 28 x 28 (MNIST)");
  const std::size_t count = images.dims[0];
  if (labels.dims[0] != count)
    throw InputError(images_path.string() + " and " + labels_path.string() + " do not fit: " + std::to_string(count) +
                     " images, " + std::to_string(labels.dims[0]) + " labels");

  LabeledData data;
  data.features.resize(static_cast<Eigen::Index>(count), static_cast<Eigen::Index>(kPixels));
  double* out = data.features.data();
  for (std::size_t i = 0; i < images.data.size(); ++i) out[i] = static_cast<double>(images.data[i]) / 255.0;
  data.labels.reserve(count);
  for (std::size_t i = 0; i < count; ++i) {
    if (labels.data[i] >= kClasses)
      throw InputError(labels_path.string() + ": label " + std::to_string(labels.data[i]) + " of sample " +
                       std::to_string(i + 1) + " is not a digit 0..9");
    data.labels.push_back(labels.data[i]);
  }
  for (std::size_t i = 0; i < kPixels; ++i) data.feature_names.push_back("px" + std::to_string(i));
  for (int digit = 0; digit < kClasses; ++digit) data.class_names.push_back(std::to_string(digit));
  return data;
}

Dataset load_mnist(const std::vector<std::filesystem::path>& search_dirs, std::optional<std::size_t> train_limit) {
  auto find = [&](const std::string& stem) {
    return find_data_file(search_dirs, {"mnist/" + stem + ".gz", "mnist/" + stem});
  };
  const auto train_images = find("train-images-idx3-ubyte");
  const auto train_labels = find("train-labels-idx1-ubyte");
  const auto test_images = find("t10k-images-idx3-ubyte");
  const auto test_labels = find("t10k-labels-idx1-ubyte");

  LabeledData train = read_idx_images_and_labels(train_images, train_labels);
  LabeledData test = read_idx_images_and_labels(test_images, test_labels);
  if (train_limit) {
    const auto available = static_cast<std::size_t>(train.features.rows());
    if (*train_limit == 0 || *train_limit > available)
      throw InputError("MNIST train limit " + std::to_string(*train_limit) + " is outside 1.." +
                       std::to_string(available) + " (the training samples in " + train_images.string() + ")");
    train.features.conservativeResize(static_cast<Eigen::Index>(*train_limit), Eigen::NoChange);
    train.labels.resize(*train_limit);
  }

  Dataset dataset;
  dataset.name = "mnist";
  dataset.train_x = std::move(train.features);
  dataset.train_y = std::move(train.labels);
  dataset.test_x = std::move(test.features);
  dataset.test_y = std::move(test.labels);
  for (Eigen::Index i = 0; i < dataset.train_x.rows(); ++i) dataset.train_sources.push_back({0, static_cast<std::size_t>(i)});
  for (Eigen::Index i = 0; i < dataset.test_x.rows(); ++i) dataset.test_sources.push_back({2, static_cast<std::size_t>(i)});
  dataset.feature_names = std::move(train.feature_names);
  dataset.class_names = std::move(train.class_names);
  for (const auto& file : {train_images, train_labels, test_images, test_labels}) {
    dataset.source_files.push_back(file.string());
    dataset.source_sha256.push_back(io::sha256_file(file));
  }
  return dataset;
}

}  // namespace legcnet::data
