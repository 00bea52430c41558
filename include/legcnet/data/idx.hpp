#pragma once
// MNIST in its IDX files (LeCun's format: big-endian magic and dimensions, then unsigned bytes),
// gzipped or raw; zlib reads both through one path.
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <vector>

#include "legcnet/data/dataset.hpp"

namespace legcnet::data {

// One IDX file of unsigned bytes: magic 0x0000 08 D (type ubyte, D dimensions), then D
// big-endian uint32 sizes, then the bytes in row-major order, nothing after them.
struct IdxFile {
  std::uint32_t magic = 0;  // 2049 = labels (1 dimension), 2051 = images (3 dimensions)
  std::vector<std::size_t> dims;
  std::vector<std::uint8_t> data;
};

// Throws InputError naming the file on a wrong magic, a truncated or corrupt file, or bytes
// after the data.
IdxFile read_idx(const std::filesystem::path& path);

// Images (magic 2051, N x 28 x 28) and labels (magic 2049, N labels 0..9): features are the
// pixels / 255, row-major N x 784, named px0..px783; classes "0".."9".
LabeledData read_idx_images_and_labels(const std::filesystem::path& images_path,
                                       const std::filesystem::path& labels_path);

// The standard split: mnist/train-{images-idx3,labels-idx1}-ubyte(.gz) for training, the t10k
// files for test, in file order, found in the search directories. No further scaling. With a
// train_limit, only the first train_limit training samples are kept (the files are still
// checked whole).
Dataset load_mnist(const std::vector<std::filesystem::path>& search_dirs,
                   std::optional<std::size_t> train_limit = std::nullopt);

}  // namespace legcnet::data
