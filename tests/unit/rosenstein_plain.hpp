#pragma once
// A deliberately plain second reading of nolds.lyap_r(fit='poly'), kept apart from the library:
// the delay vectors, the whole masked distance matrix, an argmin per row, then the mean log
// divergence and an ordinary least-squares slope. O(N^2) memory and time; only for tests.
#include <cmath>
#include <cstddef>
#include <limits>
#include <vector>

namespace legcnet::test {

struct PlainRosenstein {
  double exponent;  // NaN when undefined
  std::vector<double> curve;
};

inline PlainRosenstein plain_rosenstein(const std::vector<double>& data, std::size_t emb_dim,
                                        std::size_t lag, std::size_t min_tsep, std::size_t traj_len,
                                        std::size_t fit_first, std::size_t fit_last, double dt) {
  const double inf = std::numeric_limits<double>::infinity();
  const double nan = std::numeric_limits<double>::quiet_NaN();
  PlainRosenstein out{nan, {}};
  const std::size_t n = data.size();
  if (n < (emb_dim - 1) * lag + traj_len + 2 * min_tsep + 1) return out;

  const std::size_t m = n - (emb_dim - 1) * lag;
  std::vector<std::vector<double>> orbit(m, std::vector<double>(emb_dim));
  for (std::size_t i = 0; i < m; ++i)
    for (std::size_t c = 0; c < emb_dim; ++c) orbit[i][c] = data[i + c * lag];

  std::vector<std::vector<double>> dist(m, std::vector<double>(m));
  for (std::size_t i = 0; i < m; ++i) {
    for (std::size_t j = 0; j < m; ++j) {
      double sum = 0.0;
      for (std::size_t c = 0; c < emb_dim; ++c) {
        const double delta = orbit[j][c] - orbit[i][c];
        sum += delta * delta;
      }
      dist[i][j] = std::sqrt(sum);
    }
    const std::size_t from = i > min_tsep ? i - min_tsep : 0;
    for (std::size_t j = from; j <= i + min_tsep && j < m; ++j) dist[i][j] = inf;
  }

  const std::size_t ntraj = m - traj_len + 1;
  std::vector<std::size_t> nearest(ntraj);
  for (std::size_t i = 0; i < ntraj; ++i) {
    std::size_t best = 0;
    for (std::size_t j = 1; j < ntraj; ++j)
      if (dist[i][j] < dist[i][best]) best = j;  // strict: the first minimum stays
    nearest[i] = best;
  }

  out.curve.assign(traj_len, 0.0);
  for (std::size_t k = 0; k < traj_len; ++k) {
    double sum = 0.0;
    std::size_t used = 0;
    for (std::size_t i = 0; i < ntraj; ++i) {
      const double d = dist[i + k][nearest[i] + k];
      if (d != 0.0) {
        sum += std::log(d);
        ++used;
      }
    }
    out.curve[k] = used == 0 ? -inf : sum / static_cast<double>(used);
  }

  std::vector<double> ks;
  std::vector<double> ds;
  for (std::size_t k = fit_first; k <= fit_last; ++k) {
    if (std::isfinite(out.curve[k])) {
      ks.push_back(static_cast<double>(k));
      ds.push_back(out.curve[k]);
    }
  }
  if (ks.size() < 2) return out;
  // Normal equations of y = a*k + b.
  const double count = static_cast<double>(ks.size());
  double sk = 0.0, sd = 0.0, skk = 0.0, skd = 0.0;
  for (std::size_t p = 0; p < ks.size(); ++p) {
    sk += ks[p];
    sd += ds[p];
    skk += ks[p] * ks[p];
    skd += ks[p] * ds[p];
  }
  out.exponent = (count * skd - sk * sd) / (count * skk - sk * sk) / dt;
  return out;
}

}  // namespace legcnet::test
