// Eigen 3.4 integration (optional; include it only if you use Eigen).
//
//   array.unaryExpr(actfn::Sigmoid<float>{})        // vectorized, bit-identical to f.forward
//   actfn::eigen::sigmoid(expr), actfn::eigen::gelu(expr), ...
//   actfn::eigen::derivative(f, x), actfn::eigen::backward(f, x, dy),
//   actfn::eigen::derivative_from_output(f, y)
//
// Eigen vectorizes a functor when functor_traits<F>::PacketAccess is true and F has
// packetOp(Packet). actfn functors get packetOp from their base class; here it is
// given a body: Eigen's packet register (__m128, __m256, __m512, float32x4_t, ...) is
// wrapped, without a copy, in the xsimd::batch whose register type it is, and the
// functor's own kernel runs on it. Elements Eigen leaves to scalar code (unaligned
// heads, tails) go through the scalar functor, which gives the same bits.
// SPDX-License-Identifier: MIT
#pragma once

#include <type_traits>

#include <Eigen/Core>
#include <xsimd/xsimd.hpp>

#include "actfn.hpp"

#if !EIGEN_VERSION_AT_LEAST(3, 4, 0)
#error "actfn/eigen.hpp needs Eigen 3.4 or later"
#endif

namespace actfn {
namespace eigen {
namespace detail {

// The xsimd arch whose batch<T, A> holds Packet: the first (best) of the arches this
// translation unit supports with a register of Packet's size and the same kind of
// fma as the scalar functor (fused or not), since the kernels take different, equally
// accurate paths with and without it and must give the scalar functor's bits. On
// AVX-512 builds Eigen uses Packet16f for big arrays but Packet8f/Packet4f for small
// fixed sizes: Packet8f maps to fma3<avx2>, but xsimd 8.1 has no fused 128-bit arch once
// AVX is enabled (fma3<sse4_2> requires !__AVX__), so Packet4f gets
// xsimd::unavailable, as do packets no register matches (NEON's 64-bit Packet2f).
// Sizes are compared, not types: naming the vector types as template arguments makes
// GCC drop their attributes (-Wignored-attributes), and the batch constructor below
// still requires the exact register type.
template <class T, class Packet, class List>
struct arch_of_packet;

template <class T, class Packet>
struct arch_of_packet<T, Packet, xsimd::arch_list<>> {
  using type = xsimd::unavailable;
};

template <class T, class Packet, class A, class... As>
struct arch_of_packet<T, Packet, xsimd::arch_list<A, As...>> {
  using type = std::conditional_t<sizeof(xsimd::batch<T, A>) == sizeof(Packet) &&
                                      xsimd::batch<T, A>::size * sizeof(T) == sizeof(Packet) &&
                                      math::value_traits<xsimd::batch<T, A>>::fused_fma ==
                                          math::value_traits<T>::fused_fma,
                                  A, typename arch_of_packet<T, Packet, xsimd::arch_list<As...>>::type>;
};

template <class T, class Packet>
using arch_of_packet_t = typename arch_of_packet<T, Packet, xsimd::supported_architectures>::type;

}  // namespace detail
}  // namespace eigen

namespace detail {

template <class Packet, class T>
struct packet_arch {
  using type = eigen::detail::arch_of_packet_t<T, Packet>;
};

template <class Packet, class T, class Arch>
struct packet_bridge {
  static constexpr int lanes = Eigen::internal::unpacket_traits<Packet>::size;

  // Always inlined, like the kernels: called once per packet from Eigen's loop, an
  // out-of-line kernel would rebuild its constants for every packet.
  template <class Op, class F, class... P>
  ACTFN_ALWAYS_INLINE static Packet apply(F const& f, P const&... p) {
    if constexpr (!std::is_same<Arch, xsimd::unavailable>::value) {
      using B = xsimd::batch<T, Arch>;
      static_assert(static_cast<int>(B::size) == lanes,
                    "Eigen's packet and the xsimd batch on its register disagree on lanes");
      return Op::apply(f, B(p)...);
    } else {
      // A packet without a matching batch: lane by lane through the scalar kernel,
      // which gives the same bits, just not faster.
      EIGEN_ALIGN_MAX T buf[sizeof...(P)][lanes];
      int k = 0;
      ((Eigen::internal::pstoreu(buf[k++], p)), ...);
      for (int i = 0; i < lanes; ++i) buf[0][i] = apply_lane<Op>(f, buf, i);
      return Eigen::internal::ploadu<Packet>(buf[0]);
    }
  }

 private:
  template <class Op, class F, std::size_t N>
  static T apply_lane(F const& f, T const (&buf)[N][lanes], int i) {
    if constexpr (N == 1) {
      return Op::apply(f, buf[0][i]);
    } else {
      return Op::apply(f, buf[0][i], buf[1][i]);
    }
  }
};

}  // namespace detail

namespace eigen {

// Functors for unaryExpr/binaryExpr that run a functor's other batch calls.
template <class F>
struct derivative_op {
  using T = typename F::value_type;
  F f;
  T operator()(T x) const { return f.derivative(x); }
  template <class Packet, class Arch = typename actfn::detail::packet_arch<Packet, T>::type>
  ACTFN_ALWAYS_INLINE Packet packetOp(Packet const& x) const {
    return actfn::detail::packet_bridge<Packet, T, Arch>::template apply<ops::derivative>(f, x);
  }
};

template <class F>
struct derivative_from_output_op {
  using T = typename F::value_type;
  F f;
  T operator()(T y) const { return f.derivative_from_output(y); }
  template <class Packet, class Arch = typename actfn::detail::packet_arch<Packet, T>::type>
  ACTFN_ALWAYS_INLINE Packet packetOp(Packet const& y) const {
    return actfn::detail::packet_bridge<Packet, T, Arch>::template apply<
        ops::derivative_from_output>(f, y);
  }
};

// dx = dy * f'(x), as the functor's backward: the same product in the same order.
template <class F>
struct backward_op {
  using T = typename F::value_type;
  F f;
  T operator()(T x, T dy) const { return dy * f.derivative(x); }
  template <class Packet, class Arch = typename actfn::detail::packet_arch<Packet, T>::type>
  ACTFN_ALWAYS_INLINE Packet packetOp(Packet const& x, Packet const& dy) const {
    return actfn::detail::packet_bridge<Packet, T, Arch>::template apply<ops::backward>(f, x, dy);
  }
};

// Lazy expressions, like any Eigen expression: evaluate them before the arrays they
// read go away. x may be an Array or Matrix expression of float or double.
template <class F, class X>
auto apply(F const& f, Eigen::DenseBase<X> const& x) {
  static_assert(std::is_same<typename X::Scalar, typename F::value_type>::value,
                "the functor's value type must be the expression's scalar type");
  return x.derived().unaryExpr(f);
}
template <class F, class X>
auto derivative(F const& f, Eigen::DenseBase<X> const& x) {
  static_assert(std::is_same<typename X::Scalar, typename F::value_type>::value,
                "the functor's value type must be the expression's scalar type");
  return x.derived().unaryExpr(derivative_op<F>{f});
}
template <class F, class Y, std::enable_if_t<F::traits::has_derivative_from_output, int> = 0>
auto derivative_from_output(F const& f, Eigen::DenseBase<Y> const& y) {
  static_assert(std::is_same<typename Y::Scalar, typename F::value_type>::value,
                "the functor's value type must be the expression's scalar type");
  return y.derived().unaryExpr(derivative_from_output_op<F>{f});
}
template <class F, class X, class DY>
auto backward(F const& f, Eigen::DenseBase<X> const& x, Eigen::DenseBase<DY> const& dy) {
  static_assert(std::is_same<typename X::Scalar, typename F::value_type>::value &&
                    std::is_same<typename DY::Scalar, typename F::value_type>::value,
                "the functor's value type must be the expressions' scalar type");
  return x.derived().binaryExpr(dy.derived(), backward_op<F>{f});
}

template <class X>
auto relu(Eigen::DenseBase<X> const& x) {
  return apply(ReLU<typename X::Scalar>{}, x);
}
template <class X>
auto relu6(Eigen::DenseBase<X> const& x) {
  return apply(ReLU6<typename X::Scalar>{}, x);
}
template <class X>
auto leaky_relu(Eigen::DenseBase<X> const& x, typename X::Scalar alpha = typename X::Scalar(0.01)) {
  return apply(LeakyReLU<typename X::Scalar>{alpha}, x);
}
template <class X>
auto sigmoid(Eigen::DenseBase<X> const& x) {
  return apply(Sigmoid<typename X::Scalar>{}, x);
}
template <class X>
auto tanh(Eigen::DenseBase<X> const& x) {
  return apply(Tanh<typename X::Scalar>{}, x);
}
template <class X>
auto silu(Eigen::DenseBase<X> const& x) {
  return apply(SiLU<typename X::Scalar>{}, x);
}
template <class X>
auto swish(Eigen::DenseBase<X> const& x, typename X::Scalar beta = typename X::Scalar(1)) {
  return apply(Swish<typename X::Scalar>{beta}, x);
}
template <class X>
auto gelu(Eigen::DenseBase<X> const& x) {
  return apply(GELU<typename X::Scalar>{}, x);
}
template <class X>
auto gelu_tanh(Eigen::DenseBase<X> const& x) {
  return apply(GELU<typename X::Scalar, GeluApprox::tanh>{}, x);
}
template <class X>
auto hard_sigmoid(Eigen::DenseBase<X> const& x) {
  return apply(HardSigmoid<typename X::Scalar>{}, x);
}
template <class X>
auto hard_swish(Eigen::DenseBase<X> const& x) {
  return apply(HardSwish<typename X::Scalar>{}, x);
}

namespace detail {
// Eigen's cost model only decides whether to evaluate nested expressions into
// temporaries; these are rough instruction counts of the kernels.
template <class T, int Muls>
struct traits_of {
  enum { Cost = Muls * int(Eigen::NumTraits<T>::MulCost), PacketAccess = true };
};
}  // namespace detail
}  // namespace eigen
}  // namespace actfn

namespace Eigen {
namespace internal {

template <class T>
struct functor_traits<actfn::ReLU<T>> : actfn::eigen::detail::traits_of<T, 1> {};
template <class T>
struct functor_traits<actfn::ReLU6<T>> : actfn::eigen::detail::traits_of<T, 2> {};
template <class T>
struct functor_traits<actfn::LeakyReLU<T>> : actfn::eigen::detail::traits_of<T, 2> {};
template <class T>
struct functor_traits<actfn::Sigmoid<T>> : actfn::eigen::detail::traits_of<T, 30> {};
template <class T>
struct functor_traits<actfn::Tanh<T>> : actfn::eigen::detail::traits_of<T, 30> {};
template <class T>
struct functor_traits<actfn::SiLU<T>> : actfn::eigen::detail::traits_of<T, 35> {};
template <class T>
struct functor_traits<actfn::Swish<T>> : actfn::eigen::detail::traits_of<T, 40> {};
template <class T, actfn::GeluApprox A>
struct functor_traits<actfn::GELU<T, A>> : actfn::eigen::detail::traits_of<T, 50> {};
template <class T>
struct functor_traits<actfn::HardSigmoid<T>> : actfn::eigen::detail::traits_of<T, 3> {};
template <class T>
struct functor_traits<actfn::HardSwish<T>> : actfn::eigen::detail::traits_of<T, 4> {};

// `y = x.unaryExpr(f)` on arrays: Eigen's linear vectorized loop calls its
// assignPacket() per packet, a plain `inline` function; once our kernel (60-100
// instructions for SiLU or GELU) sits inside it, GCC 12 declines to inline it into the
// loop, and every packet pays a call with the kernel's constants reloaded (measured with
// callgrind, AVX2: 16 % more instructions than the batch API for SiLU). For the actfn
// functors, this loop is Eigen's with everything inside flattened into it, which makes
// it the batch API's loop. Other traversals (blocks, fixed sizes) keep Eigen's loops.
template <class Kernel>
struct actfn_linear_vectorized_loop {
#if defined(__GNUC__)
  __attribute__((flatten))
#endif
  static void run(Kernel& kernel) {
    using PacketType = typename Kernel::PacketType;
    using Traits = typename Kernel::AssignmentTraits;
    enum {
      required = Traits::LinearRequiredAlignment,
      lanes = unpacket_traits<PacketType>::size,
      dst_aligned = int(Traits::DstAlignment) >= int(required),
      dst_alignment = packet_traits<typename Kernel::Scalar>::AlignedOnScalar
                          ? int(required)
                          : int(Traits::DstAlignment),
      src_alignment = Traits::JointAlignment
    };
    const Index size = kernel.size();
    const Index begin = dst_aligned ? 0 : first_aligned<required>(kernel.dstDataPtr(), size);
    const Index end = begin + ((size - begin) / lanes) * lanes;
    unaligned_dense_assignment_loop<dst_aligned != 0>::run(kernel, 0, begin);
    for (Index i = begin; i < end; i += lanes) {
      kernel.template assignPacket<dst_alignment, src_alignment, PacketType>(i);
    }
    unaligned_dense_assignment_loop<>::run(kernel, end, size);
  }
};

#define ACTFN_EIGEN_FLATTENED_LOOP(TEMPLATE_PARAMS, FUNCTOR)                             \
  template <TEMPLATE_PARAMS, class Dst, class Arg, class Assign, int Version>             \
  struct dense_assignment_loop<                                                           \
      generic_dense_assignment_kernel<Dst, evaluator<CwiseUnaryOp<FUNCTOR, Arg>>, Assign, \
                                      Version>,                                           \
      LinearVectorizedTraversal, NoUnrolling>                                             \
      : actfn_linear_vectorized_loop<generic_dense_assignment_kernel<                     \
            Dst, evaluator<CwiseUnaryOp<FUNCTOR, Arg>>, Assign, Version>> {};
ACTFN_EIGEN_FLATTENED_LOOP(class T, actfn::ReLU<T>)
ACTFN_EIGEN_FLATTENED_LOOP(class T, actfn::ReLU6<T>)
ACTFN_EIGEN_FLATTENED_LOOP(class T, actfn::LeakyReLU<T>)
ACTFN_EIGEN_FLATTENED_LOOP(class T, actfn::Sigmoid<T>)
ACTFN_EIGEN_FLATTENED_LOOP(class T, actfn::Tanh<T>)
ACTFN_EIGEN_FLATTENED_LOOP(class T, actfn::SiLU<T>)
ACTFN_EIGEN_FLATTENED_LOOP(class T, actfn::Swish<T>)
ACTFN_EIGEN_FLATTENED_LOOP(class T, actfn::HardSigmoid<T>)
ACTFN_EIGEN_FLATTENED_LOOP(class T, actfn::HardSwish<T>)
ACTFN_EIGEN_FLATTENED_LOOP(class F, actfn::eigen::derivative_op<F>)
ACTFN_EIGEN_FLATTENED_LOOP(class F, actfn::eigen::derivative_from_output_op<F>)
#undef ACTFN_EIGEN_FLATTENED_LOOP
template <class T, actfn::GeluApprox A, class Dst, class Arg, class Assign, int Version>
struct dense_assignment_loop<
    generic_dense_assignment_kernel<Dst, evaluator<CwiseUnaryOp<actfn::GELU<T, A>, Arg>>, Assign,
                                    Version>,
    LinearVectorizedTraversal, NoUnrolling>
    : actfn_linear_vectorized_loop<generic_dense_assignment_kernel<
          Dst, evaluator<CwiseUnaryOp<actfn::GELU<T, A>, Arg>>, Assign, Version>> {};

// The wrappers cost what the functor's derivative costs: about its forward again.
// (Enumerators of different enums are cast before adding: C++20 deprecates mixing.)
template <class F>
struct functor_traits<actfn::eigen::derivative_op<F>> {
  enum {
    Cost = int(functor_traits<F>::Cost) + int(NumTraits<typename F::value_type>::MulCost),
    PacketAccess = bool(functor_traits<F>::PacketAccess)
  };
};
template <class F>
struct functor_traits<actfn::eigen::derivative_from_output_op<F>> {
  enum {
    Cost = 2 * int(NumTraits<typename F::value_type>::MulCost),
    PacketAccess = bool(functor_traits<F>::PacketAccess)
  };
};
template <class F>
struct functor_traits<actfn::eigen::backward_op<F>> {
  enum {
    Cost = int(functor_traits<F>::Cost) + 2 * int(NumTraits<typename F::value_type>::MulCost),
    PacketAccess = bool(functor_traits<F>::PacketAccess)
  };
};

}  // namespace internal
}  // namespace Eigen
