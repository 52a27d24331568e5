// Acceptance 4: array.unaryExpr(functor) is vectorized (Eigen's functor traits say
// PacketAccess, its evaluator uses packets) and matches the batch API bit for bit on
// ArrayXf, ArrayXd, MatrixXf blocks, expressions and small fixed sizes (whose half
// packets map to narrower xsimd arches); the wrappers do the same for derivative,
// derivative_from_output and backward.
// SPDX-License-Identifier: MIT
#include <actfn/eigen.hpp>

#include <iostream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "batch/bits.hpp"
#include "batch/functors.hpp"
#include "batch/ops.hpp"

namespace {

using namespace actfn_test;

template <class F>
using ArrayX = Eigen::Array<typename F::value_type, Eigen::Dynamic, 1>;
template <class F>
using MatrixX = Eigen::Matrix<typename F::value_type, Eigen::Dynamic, Eigen::Dynamic>;

// The static half of "is vectorized": traits, and the evaluator of an unaryExpr over a
// plain array really has packet access (so assignment takes a vectorized traversal).
template <class F>
constexpr bool vectorized() {
  using Xpr = Eigen::CwiseUnaryOp<F, const ArrayX<F>>;
  using D = actfn::eigen::derivative_op<F>;
  using DXpr = Eigen::CwiseUnaryOp<D, const ArrayX<F>>;
  using B = actfn::eigen::backward_op<F>;
  using BXpr = Eigen::CwiseBinaryOp<B, const ArrayX<F>, const ArrayX<F>>;
  return Eigen::internal::functor_traits<F>::PacketAccess &&
         (Eigen::internal::evaluator<Xpr>::Flags & Eigen::PacketAccessBit) != 0 &&
         (Eigen::internal::evaluator<DXpr>::Flags & Eigen::PacketAccessBit) != 0 &&
         (Eigen::internal::evaluator<BXpr>::Flags & Eigen::PacketAccessBit) != 0;
}

#define ACTFN_TEST_ASSERT_VECTORIZED(...)                       \
  static_assert(!Eigen::internal::packet_traits<__VA_ARGS__::value_type>::Vectorizable || \
                    vectorized<__VA_ARGS__>(),                  \
                "Eigen does not vectorize " #__VA_ARGS__);
ACTFN_TEST_FOR_EACH_FUNCTOR(ACTFN_TEST_ASSERT_VECTORIZED)
#if ACTFN_TEST_HAVE_LOGISTIC
static_assert(Eigen::internal::functor_traits<actfn::Sigmoid<float>>::PacketAccess,
              "the issue's own example must be vectorized");
#endif

template <class F>
class Eigen_ : public ::testing::Test {};
TYPED_TEST_SUITE(Eigen_, all_functors, functor_name);

template <class T>
std::string mismatch(const char* what, std::size_t i, const T* x, const T* got, const T* want) {
  return std::string(what) + ": element " + std::to_string(i) + " x=" + show(x[i]) +
         " eigen=" + show(got[i]) + " batch=" + show(want[i]);
}

TYPED_TEST(Eigen_, ArraysMatchTheBatchApi) {
  using F = TypeParam;
  using T = typename F::value_type;
  std::cout << "[ packet   ] " << Eigen::internal::packet_traits<T>::size << " lanes ("
            << Eigen::SimdInstructionSetsInUse() << ")\n";
  const std::vector<T> pool = make_inputs<T>(5000, 31);
  const std::vector<T> pool_dy = make_inputs<T>(5000, 32);
  for (F const& f : instances<F>::get()) {
    for (std::size_t n : {0, 1, 3, 7, 8, 15, 16, 17, 31, 32, 33, 4099}) {
      const std::size_t m = std::min(n, std::min(pool.size(), pool_dy.size()));
      ArrayX<F> x(n), dy(n);
      for (std::size_t i = 0; i < n; ++i) {
        x[i] = i < m ? pool[i] : T(i);
        dy[i] = i < m ? pool_dy[i] : T(0.25);
      }
      std::vector<T> want(n);
      for (op_kind k : ops_of<F>()) {
        ArrayX<F> got(n);
        switch (k) {
          case op_kind::forward: got = x.unaryExpr(f); break;
          case op_kind::derivative: got = actfn::eigen::derivative(f, x); break;
          case op_kind::backward: got = actfn::eigen::backward(f, x, dy); break;
          case op_kind::derivative_from_output:
            if constexpr (F::traits::has_derivative_from_output) {
              got = actfn::eigen::derivative_from_output(f, x);
            }
            break;
        }
        batch_op(f, k, x.data(), dy.data(), want.data(), n);
        const std::size_t i = first_bit_mismatch(got.data(), want.data(), n);
        ASSERT_EQ(i, n) << "n=" << n << " " << mismatch(op_name(k), i, x.data(), got.data(), want.data());
      }
      // In place, as users write it.
      ArrayX<F> y = x;
      y = y.unaryExpr(f);
      f.forward(x.data(), want.data(), n);
      ASSERT_EQ(first_bit_mismatch(y.data(), want.data(), n), n) << "in place, n=" << n;
    }
  }
}

TYPED_TEST(Eigen_, MatrixBlocksAndExpressionsMatchTheBatchApi) {
  using F = TypeParam;
  using T = typename F::value_type;
  const F f = instances<F>::get().back();
  const std::vector<T> pool = make_inputs<T>(3000, 41);
  MatrixX<F> m(37, 29);
  for (Eigen::Index i = 0; i < m.size(); ++i) m.data()[i] = pool[std::size_t(i) % pool.size()];

  // A block: columns start at unaligned addresses, Eigen mixes packets and scalars.
  auto blk = m.block(3, 2, 17, 11);
  const MatrixX<F> got = blk.unaryExpr(f);
  for (Eigen::Index c = 0; c < blk.cols(); ++c) {
    std::vector<T> col(blk.rows()), want(blk.rows());
    for (Eigen::Index r = 0; r < blk.rows(); ++r) col[std::size_t(r)] = blk(r, c);
    f.forward(col.data(), want.data(), col.size());
    const std::size_t i = first_bit_mismatch(&got(0, c), want.data(), col.size());
    ASSERT_EQ(i, col.size()) << "block column " << c << ": " << mismatch("forward", i, col.data(), &got(0, c), want.data());
  }

  // An expression feeding the functor, and the functor feeding an expression.
  const MatrixX<F> a = m.template topRows<20>();
  const MatrixX<F> b = m.template bottomRows<20>();
  const MatrixX<F> sum = (a.array() * T(0.5) + b.array()).matrix();
  const MatrixX<F> got2 = (a.array() * T(0.5) + b.array()).unaryExpr(f).matrix();
  std::vector<T> want(std::size_t(sum.size()));
  f.forward(sum.data(), want.data(), want.size());
  ASSERT_EQ(first_bit_mismatch(got2.data(), want.data(), want.size()), want.size()) << "expression";
  const MatrixX<F> got3 = (a.unaryExpr(f).array() * T(2)).matrix();
  f.forward(a.data(), want.data(), std::size_t(a.size()));
  for (T& w : want) w *= T(2);
  ASSERT_EQ(first_bit_mismatch(got3.data(), want.data(), std::size_t(a.size())), std::size_t(a.size()))
      << "functor inside an expression";

  // Backward over block expressions.
  const MatrixX<F> dx = actfn::eigen::backward(f, m.block(1, 1, 9, 9), m.block(20, 3, 9, 9));
  const MatrixX<F> xs = m.block(1, 1, 9, 9), dys = m.block(20, 3, 9, 9);
  std::vector<T> wantb(81);
  f.backward(xs.data(), dys.data(), wantb.data(), 81);
  ASSERT_EQ(first_bit_mismatch(dx.data(), wantb.data(), 81), std::size_t(81)) << "backward on blocks";
}

// Small fixed sizes make Eigen pick half packets (Packet8f/Packet4f on AVX-512 builds).
TYPED_TEST(Eigen_, FixedSizesMatchTheBatchApi) {
  using F = TypeParam;
  using T = typename F::value_type;
  const F f{};
  // Every bit pattern class (an AVX-512 build's Packet8f once differed from the scalar in
  // 0.3% of Sigmoid's inputs, none of them among a hundred random ones).
  const std::vector<T> pool = spread_bit_patterns<T>();
  auto check = [&](auto x, const char* what) {
    for (std::size_t start = 0; start + std::size_t(x.size()) <= pool.size(); start += std::size_t(x.size())) {
      for (Eigen::Index i = 0; i < x.size(); ++i) x.data()[i] = pool[start + std::size_t(i)];
      decltype(x) got = x.unaryExpr(f);
      std::vector<T> want(std::size_t(x.size()));
      f.forward(x.data(), want.data(), want.size());
      const std::size_t i = first_bit_mismatch(got.data(), want.data(), want.size());
      ASSERT_EQ(i, want.size()) << what << ": "
                                << (i < want.size() ? mismatch("forward", i, x.data(), got.data(), want.data()) : "");
    }
  };
  check(Eigen::Array<T, 2, 1>{}, "Array2");
  check(Eigen::Array<T, 4, 1>{}, "Array4");
  check(Eigen::Array<T, 8, 1>{}, "Array8");
  check(Eigen::Array<T, 12, 1>{}, "Array12");
  check(Eigen::Array<T, 4, 4>{}, "Array44");
  check(Eigen::Matrix<T, 3, 3>{}, "Matrix33");
}

TEST(EigenConvenience, NamedFunctionsAreTheFunctors) {
  Eigen::ArrayXf x = Eigen::ArrayXf::LinSpaced(101, -12.f, 12.f);
  Eigen::ArrayXd xd = x.cast<double>();
  auto same = [](auto const& a, auto const& b) {
    return first_bit_mismatch(a.data(), b.data(), std::size_t(a.size())) == std::size_t(a.size());
  };
  EXPECT_TRUE(same(Eigen::ArrayXf(actfn::eigen::relu(x)), Eigen::ArrayXf(x.unaryExpr(actfn::ReLU<float>{}))));
  EXPECT_TRUE(same(Eigen::ArrayXf(actfn::eigen::relu6(x)), Eigen::ArrayXf(x.unaryExpr(actfn::ReLU6<float>{}))));
  EXPECT_TRUE(same(Eigen::ArrayXf(actfn::eigen::leaky_relu(x, 0.2f)),
                   Eigen::ArrayXf(x.unaryExpr(actfn::LeakyReLU<float>{0.2f}))));
#if ACTFN_TEST_HAVE_LOGISTIC
  EXPECT_TRUE(same(Eigen::ArrayXf(actfn::eigen::sigmoid(x)), Eigen::ArrayXf(x.unaryExpr(actfn::Sigmoid<float>{}))));
  EXPECT_TRUE(same(Eigen::ArrayXd(actfn::eigen::tanh(xd)), Eigen::ArrayXd(xd.unaryExpr(actfn::Tanh<double>{}))));
  EXPECT_TRUE(same(Eigen::ArrayXf(actfn::eigen::silu(x)), Eigen::ArrayXf(x.unaryExpr(actfn::SiLU<float>{}))));
  EXPECT_TRUE(same(Eigen::ArrayXf(actfn::eigen::swish(x, 1.702f)),
                   Eigen::ArrayXf(x.unaryExpr(actfn::Swish<float>{1.702f}))));
#endif
#if ACTFN_TEST_HAVE_GELU
  EXPECT_TRUE(same(Eigen::ArrayXf(actfn::eigen::gelu(x)), Eigen::ArrayXf(x.unaryExpr(actfn::GELU<float>{}))));
  EXPECT_TRUE(same(Eigen::ArrayXd(actfn::eigen::gelu_tanh(xd)),
                   Eigen::ArrayXd(xd.unaryExpr(actfn::GELU<double, actfn::GeluApprox::tanh>{}))));
#endif
  // Matrices work too (unaryExpr lives in DenseBase).
  Eigen::MatrixXf m = Eigen::MatrixXf::Constant(3, 4, -2.f);
  EXPECT_TRUE((actfn::eigen::relu(m).array() == 0.f).all());
}

}  // namespace
