#pragma once
// SHA-256 (FIPS 180-4), to record in run.toml exactly which data a run saw.
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

namespace legcnet::io {

class Sha256 {
 public:
  Sha256();
  void update(const void* data, std::size_t size);
  std::string hex_digest();  // finishes the hash

 private:
  void compress(const unsigned char* block);
  std::uint32_t state_[8];
  unsigned char buffer_[64];
  std::size_t buffered_ = 0;
  std::uint64_t total_bytes_ = 0;
};

std::string sha256_hex(std::string_view bytes);
std::string sha256_file(const std::filesystem::path& path);  // throws InputError if unreadable

}  // namespace legcnet::io
