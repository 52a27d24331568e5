// Bit-level comparison and the input values the batch suites feed every kernel.
// SPDX-License-Identifier: MIT
#pragma once

#include <cmath>
#include <cstdint>
#include <cstring>
#include <iomanip>
#include <limits>
#include <random>
#include <sstream>
#include <string>
#include <type_traits>
#include <vector>

namespace actfn_test {

template <class T>
using uint_of = std::conditional_t<sizeof(T) == 4, std::uint32_t, std::uint64_t>;

template <class T>
uint_of<T> bits_of(T x) {
  uint_of<T> u;
  std::memcpy(&u, &x, sizeof u);
  return u;
}
template <class T>
T from_bits(uint_of<T> u) {
  T x;
  std::memcpy(&x, &u, sizeof x);
  return x;
}

template <class T>
std::string show(T x) {
  std::ostringstream os;
  os << std::setprecision(std::numeric_limits<T>::max_digits10) << x << " [0x" << std::hex
     << bits_of(x) << "]";
  return os.str();
}

// Index of the first element whose bits differ, or n when all agree (NaN payloads
// included: a NaN must come out of both paths with the same bits).
template <class T>
std::size_t first_bit_mismatch(const T* a, const T* b, std::size_t n) {
  for (std::size_t i = 0; i < n; ++i) {
    if (bits_of(a[i]) != bits_of(b[i])) return i;
  }
  return n;
}

// 65536 bit patterns spread evenly over all of T's: every sign, exponent and top
// mantissa bits, NaNs, infinities and subnormals included.
template <class T>
std::vector<T> spread_bit_patterns() {
  const uint_of<T> step = sizeof(T) == 4 ? uint_of<T>(0x00010001u) : uint_of<T>(0x0001000100010001ull);
  std::vector<T> v(65536);
  for (std::size_t i = 0; i < v.size(); ++i) v[i] = from_bits<T>(uint_of<T>(i) * step);
  return v;
}

// Special values first, so short calls meet them in every lane position as the
// window slides; then values near the thresholds kernels branch on (by select), then
// random bit patterns (every binade equally, subnormals and NaN payloads included)
// and a dense stretch where the functions bend.
template <class T>
std::vector<T> make_inputs(std::size_t random_count, std::uint64_t seed) {
  using L = std::numeric_limits<T>;
  using U = uint_of<T>;
  std::vector<T> v = {
      T(0), -T(0), L::infinity(), -L::infinity(), L::quiet_NaN(), -L::quiet_NaN(),
      from_bits<T>(bits_of(L::quiet_NaN()) | U(0x2a)),  // NaN with a payload
      from_bits<T>(bits_of(-L::quiet_NaN()) | U(0x15)),
      L::denorm_min(), -L::denorm_min(), L::min(), -L::min(),
      L::min() / T(3), -L::min() / T(7), L::max(), L::lowest(), L::epsilon(), -L::epsilon(),
      T(1), -T(1), T(6), -T(6), T(3), -T(3), T(0.5), -T(0.5), T(2), -T(2),
      std::nextafter(T(0), T(1)), std::nextafter(T(6), T(7)), std::nextafter(T(6), T(5)),
      std::nextafter(T(1), T(2)), std::nextafter(T(1), T(0)),
  };
  // Where exp over/underflows, tanh/sigmoid saturate, erfc leaves the normal range.
  const double thresholds[] = {0.75, 1.0, 1.278, 2.0, 4.0, 8.0, 9.0, 10.0, 15.0, 17.0, 20.0,
                               26.0, 27.0, 36.0, 37.0, 44.0, 88.0, 88.72, 89.0, 103.9, 104.0,
                               708.0, 709.78, 710.0, 745.1, 746.0, 1e5, 1e10, 1e20, 1e30};
  for (double t : thresholds) {
    if (t > double(L::max())) continue;
    const T x = T(t);
    for (T s : {T(1), T(-1)}) {
      v.push_back(s * x);
      v.push_back(s * std::nextafter(x, L::infinity()));
      v.push_back(s * std::nextafter(x, T(0)));
    }
  }
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> dense(-40.0, 40.0);
  std::uniform_real_distribution<double> unit(-1.0, 1.0);
  for (std::size_t i = 0; i < random_count; ++i) {
    switch (i % 4) {
      case 0:
      case 1:
        v.push_back(from_bits<T>(static_cast<U>(rng())));
        break;
      case 2:
        v.push_back(T(dense(rng)));
        break;
      default:
        v.push_back(T(unit(rng)));
        break;
    }
  }
  // Signaling NaNs are made quiet (payload kept): GCC and clang assume
  // -fno-signaling-nans and fold dy * 1 to dy, so whether a scalar sNaN comes out
  // quieted depends on the optimizer, not on actfn.
  const U quiet = U(1) << (std::numeric_limits<T>::digits - 2);
  for (T& x : v) {
    if (std::isnan(x)) x = from_bits<T>(bits_of(x) | quiet);
  }
  return v;
}

}  // namespace actfn_test
