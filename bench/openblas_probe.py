#!/usr/bin/env python3
"""Checks and times the OpenBLAS core this process was started with (OPENBLAS_CORETYPE): a float32 product
against its float64 value, then the median time of a 512³ product on one thread. Prints one JSON object."""
import json
import time

import torch

from peer_support import openblas_core, set_threads

set_threads(1)
torch.manual_seed(0)
a, b = torch.randn(256, 384), torch.randn(384, 320)
exact = a.double() @ b.double()
magnitude = a.double().abs() @ b.double().abs()
# 2·γ_K with K = 384 and u = 2⁻²⁴ bounds a float32 sum of 384 products relative to the sum of their magnitudes
bound = 2 * 384 * 2.0 ** -24 / (1 - 384 * 2.0 ** -24)
error = ((a @ b).double() - exact).abs().div(magnitude).max().item()
x, y = torch.randn(512, 512), torch.randn(512, 512)
times = []
for _ in range(25):
    start = time.perf_counter()
    x @ y
    times.append(time.perf_counter() - start)
median = sorted(times)[len(times) // 2]
print(json.dumps({"core": openblas_core(), "correct": error <= bound, "error": error, "gflops": 2 * 512 ** 3 / median / 1e9}))
