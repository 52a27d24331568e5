# actfn::quant tests: formulas, tables, kernels, integer paths, fp16.
actfn_add_test(quant_quantize_test SOURCES quant/test_quantize.cpp LABELS quant)
actfn_add_test(quant_kernels_test SOURCES quant/test_kernels.cpp LABELS quant)
actfn_add_test(quant_tables_test SOURCES quant/test_tables.cpp LABELS quant)
