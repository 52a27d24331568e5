// The plain std:: loops, compiled with the benchmark's normal flags.
// SPDX-License-Identifier: MIT
#include "std_loop.hpp"

namespace actfn_peers {
void register_std_loop(Registry& r) { textbook::add_all(r, "std"); }
}  // namespace actfn_peers
