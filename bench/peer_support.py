"""What every PyTorch peer shares: the OpenBLAS core it runs on, its thread setting, and the timing of a phase.

The core is chosen by the environment (OPENBLAS_CORETYPE, set by bench/openblas-core.ts before the peer starts);
`openblas_core()` reads back the one OpenBLAS actually uses, so each peer reports it beside its figures.
"""
import ctypes
import time

import torch


def openblas_core():
    """The name of the OpenBLAS kernel set loaded in this process (e.g. SkylakeX), or why it is unknown."""
    paths = sorted({line.split()[-1] for line in open("/proc/self/maps") if "openblas" in line and line.split()[-1].startswith("/")})
    for path in paths:
        try:
            corename = ctypes.CDLL(path).openblas_get_corename
        except (OSError, AttributeError):
            continue
        corename.restype = ctypes.c_char_p
        return corename().decode()
    return "unknown (PyTorch does not use OpenBLAS here)"


def set_threads(threads):
    torch.set_num_threads(threads)
    torch.set_num_interop_threads(1)


def rate(step, steps, warmup, items_per_step):
    """Items per second of `steps` calls of step(i) after `warmup` untimed ones."""
    for i in range(warmup):
        step(i)
    start = time.perf_counter()
    for i in range(steps):
        step(i)
    return steps * items_per_step / (time.perf_counter() - start)
