#!/usr/bin/env python3
"""PyTorch peer for `pnpm bench lifespan`: the same MLP 784-300-100-10, batch, steps and phases.

Usage: lifespan_peer.py STEPS THREADS [layers|engine]. Prints one JSON object: samples per second per phase.
`layers` mirrors the layer-level benchmark (plain SGD, one fixed batch); `engine` mirrors the lifespan spec
that the engine benchmark runs (SGD with momentum for weights, Adam for scores and the head, a batch gathered
from a training set every step). Random inputs of Fashion-MNIST's shape: throughput does not depend on the
pixel values.
"""
import json
import sys

import torch

from peer_support import openblas_core, rate, set_threads

STEPS, WARMUP, BATCH, TAU = int(sys.argv[1]), 10, 128, 5e-3
set_threads(int(sys.argv[2]) if len(sys.argv) > 2 else 2)
MODE = sys.argv[3] if len(sys.argv) > 3 else "layers"
torch.manual_seed(0)
# The engine gathers each batch from Fashion-MNIST's 60 000 training images (188 MB as floats, beyond the caches);
# the layer-level benchmark reuses one batch. A pool of 6 000 (19 MB) fitted in L3 and made the peer's gathers
# cheaper than the engine's.
pool = torch.rand(60000 if MODE == "engine" else BATCH, 784)
pool_labels = torch.randint(0, 10, (pool.shape[0],))
sizes = [(784, 300), (300, 100), (100, 10)]


def batch(step):
    if MODE != "engine":
        return pool, pool_labels
    index = torch.randint(0, pool.shape[0], (BATCH,))
    return pool.index_select(0, index), pool_labels.index_select(0, index)


def run(step):
    return rate(step, STEPS, WARMUP, BATCH)


def weights_optimizer(parameters):
    if MODE == "engine":
        return torch.optim.SGD(parameters, lr=0.05, momentum=0.9)
    return torch.optim.SGD(parameters, lr=0.01)


def scores_optimizer(parameters):
    return torch.optim.Adam(parameters, lr=1e-3) if MODE == "engine" else torch.optim.SGD(parameters, lr=0.01)


def train(forward, optimizers):
    """One training step: forward gives the logits; cross-entropy, backward, each optimiser steps."""
    def step(i):
        x, labels = batch(i)
        loss = torch.nn.functional.cross_entropy(forward(x), labels)
        for opt in optimizers:
            opt.zero_grad()
        loss.backward()
        for opt in optimizers:
            opt.step()
    return step


def mlp(layers, weight_of):
    """The forward pass of 784-300-100-10 with ReLU, each layer's weight given by weight_of(k, layer)."""
    def forward(x):
        h = x
        for k, layer in enumerate(layers):
            h = torch.nn.functional.linear(h, weight_of(k, layer), layer.bias)
            if k < 2:
                h = torch.relu(h)
        return h
    return forward


def dense_phase():
    layers = [torch.nn.Linear(i, o) for i, o in sizes]
    return run(train(mlp(layers, lambda k, layer: layer.weight), [weights_optimizer([p for l in layers for p in l.parameters()])]))


def mask_phase():
    """Threshold mask learning over frozen hidden weights, straight-through: dL/dS = dL/dW_eff ⊙ W."""
    layers = [torch.nn.Linear(i, o) for i, o in sizes]
    for layer in layers[:2]:
        layer.requires_grad_(False)
    scores = [torch.full((o, i), 2 * TAU, requires_grad=True) for i, o in sizes[:2]]

    def weight(k, layer):
        if k == 2:
            return layer.weight
        mask = (scores[k] > TAU).float() + scores[k] - scores[k].detach()
        return layer.weight * mask
    head = list(layers[2].parameters())
    optimizers = [scores_optimizer(scores), scores_optimizer(head)] if MODE == "engine" else [scores_optimizer(scores + head)]
    return run(train(mlp(layers, weight), optimizers))


def sparse_phase(sparsity):
    """Weight training under a fixed mask, masked-dense: W ⊙ M each step, gradient masked."""
    layers = [torch.nn.Linear(i, o) for i, o in sizes]
    masks = [(torch.rand(o, i) >= sparsity).float() for i, o in sizes[:2]]
    weight = lambda k, layer: layer.weight * masks[k] if k < 2 else layer.weight  # noqa: E731
    return run(train(mlp(layers, weight), [weights_optimizer([p for l in layers for p in l.parameters()])]))


print(json.dumps({
    "torch": torch.__version__, "threads": torch.get_num_threads(), "mode": MODE, "core": openblas_core(),
    "dense pre-training": dense_phase(), "mask fine-tuning": mask_phase(),
    "sparse 90 % training": sparse_phase(0.9), "sparse 97 % training": sparse_phase(0.97),
}))
