#!/usr/bin/env python3
"""PyTorch peer for `pnpm bench lifespan`: the same MLP 784-300-100-10, batch, steps and phases, on 2 threads.

Prints one JSON object: samples per second per phase. Random inputs of Fashion-MNIST's shape: throughput
does not depend on the pixel values.
"""
import json
import sys
import time

import torch

STEPS, WARMUP, BATCH, TAU = int(sys.argv[1]), 10, 128, 5e-3
torch.set_num_threads(int(sys.argv[2]) if len(sys.argv) > 2 else 2)
torch.manual_seed(0)
x = torch.rand(BATCH, 784)
labels = torch.randint(0, 10, (BATCH,))
sizes = [(784, 300), (300, 100), (100, 10)]


def run(step):
    for _ in range(WARMUP):
        step()
    start = time.perf_counter()
    for _ in range(STEPS):
        step()
    return STEPS * BATCH / (time.perf_counter() - start)


def sgd_step(forward, parameters):
    """One training step: forward gives the logits; cross-entropy, backward, SGD."""
    opt = torch.optim.SGD(parameters, lr=0.01)

    def step():
        loss = torch.nn.functional.cross_entropy(forward(), labels)
        opt.zero_grad()
        loss.backward()
        opt.step()
    return step


def mlp(layers, weight_of):
    """The forward pass of 784-300-100-10 with ReLU, each layer's weight given by weight_of(k, layer)."""
    def forward():
        h = x
        for k, layer in enumerate(layers):
            h = torch.nn.functional.linear(h, weight_of(k, layer), layer.bias)
            if k < 2:
                h = torch.relu(h)
        return h
    return forward


def dense_phase():
    layers = [torch.nn.Linear(i, o) for i, o in sizes]
    return run(sgd_step(mlp(layers, lambda k, layer: layer.weight), [p for l in layers for p in l.parameters()]))


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
    return run(sgd_step(mlp(layers, weight), scores + list(layers[2].parameters())))


def sparse_phase(sparsity):
    """Weight training under a fixed mask, masked-dense: W ⊙ M each step, gradient masked."""
    layers = [torch.nn.Linear(i, o) for i, o in sizes]
    masks = [(torch.rand(o, i) >= sparsity).float() for i, o in sizes[:2]]
    weight = lambda k, layer: layer.weight * masks[k] if k < 2 else layer.weight  # noqa: E731
    return run(sgd_step(mlp(layers, weight), [p for l in layers for p in l.parameters()]))


print(json.dumps({
    "torch": torch.__version__, "threads": torch.get_num_threads(),
    "dense pre-training": dense_phase(), "mask fine-tuning": mask_phase(),
    "sparse 90 % training": sparse_phase(0.9), "sparse 97 % training": sparse_phase(0.97),
}))
