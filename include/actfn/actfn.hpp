// actfn: neural-network activation functions with a written accuracy contract.
// SPDX-License-Identifier: MIT
#pragma once

#include "config.hpp"
#include "math/ops.hpp"
#include "batch.hpp"
#include "functions/relu.hpp"
#include "functions/sigmoid.hpp"
#include "functions/tanh.hpp"
#include "functions/silu.hpp"
#include "functions/gelu.hpp"
#include "functions/hard.hpp"
