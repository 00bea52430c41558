#include "legcnet/stages/complexity.hpp"

#include <spdlog/spdlog.h>

#include "legcnet/complexity/bdm.hpp"
#include "legcnet/error.hpp"
#include "legcnet/io/atomic_file.hpp"
#include "legcnet/io/number_format.hpp"
#include "legcnet/nn/mask.hpp"
#include "legcnet/prune/mils.hpp"
#include "legcnet/stages/common.hpp"
#include "legcnet/stages/ctm_table.hpp"
#include "legcnet/stages/provenance.hpp"

namespace legcnet::stages {

void complexity(const ComplexityOptions& options) {
  if (options.model.empty()) throw InputError("--model FILE (model.csv) is required");
  if (options.out.empty()) throw InputError("--out FILE is required");
  const auto boundary = complexity::parse_boundary(options.bdm_boundary);
  check_provenance({options.model, options.mask}, options.force);
  const nn::Mlp net = network_from_parameters(options.model);
  const nn::Mask mask = options.mask.empty() ? nn::Mask::keep_all(net) : nn::read_mask(options.mask, net);
  const auto ctm = load_ctm_table(options.ctm);
  const complexity::BlockLayout layout(prune::weight_shapes(net), boundary);

  std::string table = "view,bdm,entropy,blocks,uncovered_weights\n";
  const std::pair<const char*, prune::SignView> views[]{
      {"node", prune::SignView::node}, {"positive", prune::SignView::positive}, {"negative", prune::SignView::negative}};
  for (const auto& [name, view] : views) {
    const auto m = complexity::measure(layout, ctm, prune::sign_pattern(net, mask, view));
    table += std::string(name) + ",";
    io::append_double(table, m.bdm);
    table += ",";
    io::append_double(table, m.entropy);
    table += "," + std::to_string(m.blocks) + "," + std::to_string(m.uncovered) + "\n";
  }
  io::AtomicFile file(options.out);
  file.stream() << table;
  file.commit();
  spdlog::info("complexity: {} blocks, {} of {} weights outside every block -> {}", layout.blocks(), layout.uncovered(),
               net.weight_count(), options.out);
}

}  // namespace legcnet::stages
