#!/usr/bin/env python3
"""PyTorch peer for `pnpm bench bert`: the same BERT-like encoder, batch, sequence length and optimisers.

Usage: bert_peer.py CONFIG_JSON THREADS. CONFIG_JSON holds width, layers, heads, ffn, length, batch, vocabulary,
classes, steps and warmup. Prints one JSON object: tokens per second per phase, the OpenBLAS core and threads.

The encoder mirrors Ontogeny's `bert` model: token + position + segment embeddings and layer norm; post-norm blocks
of multi-head self-attention (keys at [PAD] masked) and a tanh-GELU feed-forward; an MLM head (dense, GELU, layer
norm, decoder tied to the token embeddings) scoring every position; a [CLS] pooler (tanh) and a linear classifier.
Phases: MLM pre-training (Adam), dense fine-tuning of the classifier task (Adam), mask fine-tuning (straight-through
threshold scores over the frozen matrices, Adam on scores and head), and dense fine-tuning with the encoder's
matrices pruned to 90 % (W ⊙ M each step). Random token batches: throughput does not depend on the words.
"""
import json
import math
import sys

import torch
import torch.nn.functional as F

from peer_support import openblas_core, rate, set_threads

config = json.loads(sys.argv[1])
set_threads(int(sys.argv[2]))
torch.manual_seed(0)
D, L, H, FFN = config["width"], config["layers"], config["heads"], config["ffn"]
T, B, V, C = config["length"], config["batch"], config["vocabulary"], config["classes"]
STEPS, WARMUP = config["steps"], config["warmup"]
E, TAU = D // H, 5e-3
MATRICES = ["query", "key", "value", "output", "ffn_in", "ffn_out"]


def linear(rows, cols):
    layer = torch.nn.Linear(cols, rows)
    torch.nn.init.xavier_uniform_(layer.weight)
    return layer


class Encoder(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.tokens, self.positions, self.segments = (torch.nn.Embedding(n, D) for n in (V, T, 2))
        self.norm = torch.nn.LayerNorm(D, eps=1e-12)
        self.blocks = torch.nn.ModuleList()
        for _ in range(L):
            block = torch.nn.ModuleDict({name: linear(D, D) for name in MATRICES[:4]})
            block["ffn_in"], block["ffn_out"] = linear(FFN, D), linear(D, FFN)
            block["norm1"], block["norm2"] = torch.nn.LayerNorm(D, eps=1e-12), torch.nn.LayerNorm(D, eps=1e-12)
            self.blocks.append(block)
        self.pooler = linear(D, D)
        self.transform, self.mlm_norm = linear(D, D), torch.nn.LayerNorm(D, eps=1e-12)
        self.decoder_bias = torch.nn.Parameter(torch.zeros(V))
        self.classifier = linear(C, D)
        self.weight_of = lambda layer: layer.weight  # replaced by the mask phases

    def masked(self):
        """The matrices Ontogeny masks: every block's attention and feed-forward, and the pooler."""
        return [block[name] for block in self.blocks for name in MATRICES] + [self.pooler]

    def dense(self, layer, x):
        return F.linear(x, self.weight_of(layer), layer.bias)

    def body(self, ids, segments, valid):
        positions = torch.arange(T).expand(ids.shape[0], T)
        x = self.norm(self.tokens(ids) + self.positions(positions) + self.segments(segments))
        blocked = ~valid[:, None, None, :]
        for block in self.blocks:
            def heads(name):
                return self.dense(block[name], x).view(-1, T, H, E).transpose(1, 2)
            scores = heads("query") @ heads("key").transpose(-1, -2) / math.sqrt(E)
            probabilities = torch.softmax(scores.masked_fill(blocked, float("-inf")), dim=-1)
            context = (probabilities @ heads("value")).transpose(1, 2).reshape(-1, T, D)
            h = block["norm1"](x + self.dense(block["output"], context))
            ffn = self.dense(block["ffn_out"], F.gelu(self.dense(block["ffn_in"], h), approximate="tanh"))
            x = block["norm2"](h + ffn)
        return x

    def mlm_logits(self, x):
        h = self.mlm_norm(F.gelu(self.transform(x), approximate="tanh"))
        return h @ self.tokens.weight.t() + self.decoder_bias

    def class_logits(self, x):
        return self.classifier(torch.tanh(self.dense(self.pooler, x[:, 0])))


def batch():
    """Token ids with [PAD] (0) after a random length, segment B after the middle, 15 % of positions labelled."""
    ids = torch.randint(4, V, (B, T))
    lengths = torch.randint(T // 2, T + 1, (B,))
    valid = torch.arange(T)[None, :] < lengths[:, None]
    ids = ids.masked_fill(~valid, 0)
    segments = (torch.arange(T)[None, :] > lengths[:, None] // 2).long() * valid
    labels = torch.where((torch.rand(B, T) < 0.15) & valid, ids, torch.full_like(ids, -1))
    return ids, segments, valid, labels, torch.randint(0, C, (B,))


BATCHES = [batch() for _ in range(8)]


def train(model, loss_of, optimizers):
    def step(i):
        ids, segments, valid, labels, classes = BATCHES[i % len(BATCHES)]
        loss = loss_of(model, model.body(ids, segments, valid), labels, classes)
        for optimizer in optimizers:
            optimizer.zero_grad()
        loss.backward()
        for optimizer in optimizers:
            optimizer.step()
    return rate(step, STEPS, WARMUP, B * T)


def mlm_loss(model, x, labels, _):
    return F.cross_entropy(model.mlm_logits(x).view(-1, V), labels.view(-1), ignore_index=-1)


def class_loss(model, x, _, classes):
    return F.cross_entropy(model.class_logits(x), classes)


def pretraining():
    model = Encoder()
    return train(model, mlm_loss, [torch.optim.Adam(model.parameters(), lr=2e-3)])


def dense_finetuning():
    model = Encoder()
    return train(model, class_loss, [torch.optim.Adam(model.parameters(), lr=3e-4)])


def mask_finetuning():
    model = Encoder()
    model.requires_grad_(False)
    head = list(model.classifier.parameters())
    for parameter in head:
        parameter.requires_grad_(True)
    scores = {layer: torch.full_like(layer.weight, 2 * TAU, requires_grad=True) for layer in model.masked()}

    def weight_of(layer):
        if layer not in scores:
            return layer.weight
        s = scores[layer]
        return layer.weight * ((s > TAU).float() + s - s.detach())
    model.weight_of = weight_of
    optimizers = [torch.optim.Adam(scores.values(), lr=3e-4), torch.optim.Adam(head, lr=1e-3)]
    return train(model, class_loss, optimizers)


def pruned_finetuning():
    model = Encoder()
    masks = {layer: (torch.rand_like(layer.weight) >= 0.9).float() for layer in model.masked()}
    model.weight_of = lambda layer: layer.weight * masks[layer] if layer in masks else layer.weight
    return train(model, class_loss, [torch.optim.Adam(model.parameters(), lr=3e-4)])


print(json.dumps({
    "torch": torch.__version__, "threads": torch.get_num_threads(), "core": openblas_core(),
    "mlm pre-training": pretraining(), "dense fine-tuning": dense_finetuning(),
    "mask fine-tuning": mask_finetuning(), "pruned 90 %": pruned_finetuning(),
}))
