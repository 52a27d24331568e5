// Eigen use: actfn functors as vectorized unary expressions on Eigen arrays, and the
// derivative/backward helpers of <actfn/eigen.hpp>.
// SPDX-License-Identifier: MIT
#include <actfn/eigen.hpp>

#include <Eigen/Core>
#include <cstdio>

int main() {
  Eigen::ArrayXf x = Eigen::ArrayXf::LinSpaced(9, -4.f, 4.f);
  const actfn::SiLU<float> silu;

  Eigen::ArrayXf y = x.unaryExpr(silu);                        // vectorized, same bits as silu.forward
  Eigen::ArrayXf d = actfn::eigen::derivative(silu, x);        // f'(x)
  Eigen::ArrayXf g = actfn::eigen::backward(silu, x, Eigen::ArrayXf::Constant(9, 2.f));  // 2 f'(x)

  std::printf("%8s %12s %12s %12s\n", "x", "silu", "silu'", "2 silu'");
  for (Eigen::Index i = 0; i < x.size(); ++i) std::printf("%8.3f %12.6f %12.6f %12.6f\n", x[i], y[i], d[i], g[i]);

  // Expressions compose: a GELU of a matrix product, element by element.
  Eigen::MatrixXd a = Eigen::MatrixXd::Random(3, 4), b = Eigen::MatrixXd::Random(4, 2);
  Eigen::MatrixXd h = (a * b).array().unaryExpr(actfn::GELU<double>{}).matrix();
  std::printf("GELU(A B) =\n");
  for (Eigen::Index r = 0; r < h.rows(); ++r) std::printf("  %10.6f %10.6f\n", h(r, 0), h(r, 1));
  return 0;
}
