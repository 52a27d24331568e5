// actfn::quant: quantized (uint8/int8/int16) and fp16 activations that model the RV1126.
// SPDX-License-Identifier: MIT
#pragma once

#include "quant/params.hpp"
#include "quant/quantize.hpp"
#include "quant/lookup.hpp"
#include "quant/table.hpp"
#include "quant/integer.hpp"
#include "quant/fp16.hpp"
