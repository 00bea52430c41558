#include <iostream>
#include <memory>

#include "command.hpp"
#include "common_options.hpp"
#include "legcnet/error.hpp"
#include "legcnet/stages/divergence.hpp"

namespace legcnet::cli {

namespace {

constexpr const char* kDescription =
    "Distance between the base and the perturbed run at every step, and the network's exponent.\n"
    "exponent = least-squares slope of ln d(t) against the step over the fit range (default: the\n"
    "whole run, up to the first step where d >= saturation x ||w_base||). Its 95% interval is\n"
    "t-based with a batch-means long-run variance of the increments of ln d (consecutive values of\n"
    "ln d are strongly dependent, so the plain OLS standard error would be far too small).\n"
    "Verdict: chaotic when the interval lies above 0 AND the fitted growth exp(exponent x span)\n"
    "reaches --min-growth (basis `rate`), or when d grew at least --min-growth-fold up to the\n"
    "saturation step inside the fit range: the nudge became macroscopic, however unevenly it grew\n"
    "(basis `saturation`); contracting when the interval lies below 0 AND the fitted shrinkage\n"
    "reaches 1 / --min-growth, or when the runs merge (d = 0); neutral otherwise. No fit (too few\n"
    "rows, non-finite distances) is undefined, with the reason in `status`.";

// "a:b", "a:" or ":b" in steps.
void parse_fit_range(const std::string& text, dynamics::GrowthFitOptions& fit) {
  const auto colon = text.find(':');
  try {
    if (colon == std::string::npos) throw std::invalid_argument("no colon");
    const std::string first = text.substr(0, colon), last = text.substr(colon + 1);
    std::size_t used = 0;
    if (!first.empty() && (fit.first_step = std::stoll(first, &used), used != first.size())) throw std::invalid_argument(first);
    if (!last.empty() && (fit.last_step = std::stoll(last, &used), used != last.size())) throw std::invalid_argument(last);
  } catch (const std::exception&) {
    throw InputError("--fit-range must be a:b with whole steps (either may be left out), got '" + text + "'");
  }
}

}  // namespace

Command setup_divergence(CLI::App& parent) {
  auto options = std::make_shared<stages::DivergenceOptions>();
  auto fit_range = std::make_shared<std::string>();
  auto& fit = options->fit;
  CLI::App* app = parent.add_subcommand("divergence", kDescription);
  add_config_option(app);
  app->add_option("--base", options->base, "weights.csv (or .npy) of the baseline run")->required();
  app->add_option("--perturbed", options->perturbed, "weights.csv (or .npy) of the perturbed run")->required();
  app->add_option("--out", options->out, "Output: step,distance,log_distance,base_norm,distance_w1,... (.csv or .npy)")
      ->required();
  app->add_option("--summary", options->summary, "One-row summary CSV (default: printed on stdout)");
  app->add_option("--fit-range", *fit_range, "a:b, the steps of the fit, both included (default: the whole run, up to saturation)");
  app->add_option("--saturation", fit.saturation,
                  "The default fit ends where d >= this x ||w_base|| (0: never; not applied to --fit-range)")
      ->capture_default_str();
  app->add_option("--min-growth", fit.min_growth, "Growth factor over the fit range that counts as chaotic")
      ->capture_default_str();
  app->add_option("--batches", fit.batches, "Batches of the long-run variance (t with batches - 1 df)")
      ->capture_default_str();
  app->add_option("--steps-per-epoch", options->steps_per_epoch, "0: from the run.toml beside --base")
      ->capture_default_str();
  add_force_option(app, options->force);
  return {app, [options, fit_range](const std::string& config) {
            options->provenance.resolved_config = config;
            if (!fit_range->empty()) parse_fit_range(*fit_range, options->fit);
            const std::string summary = stages::divergence(*options);
            if (options->summary.empty()) std::cout << summary;
          }};
}

}  // namespace legcnet::cli
