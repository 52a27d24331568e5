# actfn::quant tests: formulas, tables, kernels, integer paths, fp16.
actfn_add_test(quant_quantize_test SOURCES quant/test_quantize.cpp LABELS quant)
