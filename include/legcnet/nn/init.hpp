#pragma once
#include <cstdint>
#include <string>

#include "legcnet/nn/mlp.hpp"

namespace legcnet::nn {

// normal: every weight and bias N(0, 1), as the authors' code; xavier: weights N(0, 2/(in+out));
// he: weights N(0, 2/in); biases 0 for xavier and he. Drawn layer by layer in parameter order
// from the seed's "init" stream.
enum class Initializer { normal, xavier, he };
Initializer parse_initializer(const std::string& text);
std::string to_string(Initializer value);
void initialize(Mlp& net, Initializer initializer, std::uint64_t seed);

}  // namespace legcnet::nn
