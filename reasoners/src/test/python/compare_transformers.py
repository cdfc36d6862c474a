#!/usr/bin/env python3
"""Compares reference_forward.py (NumPy, which ReferenceForwardTest holds the Java model to) with
Hugging Face transformers on the same checkpoint folder, on a machine that has torch and
transformers (e.g. a GPU box). Together with ReferenceForwardTest this checks the Java logits
against transformers without running Java there.

usage: compare_transformers.py MODEL_DIR [TOKEN_IDS]    (ids comma-separated; default 3,17,42,8,8,60,1,25,33,12)
prints the largest absolute difference per position and exits 1 if any exceeds 1e-4.
"""
import sys

import numpy as np
import torch
from transformers import AutoModelForCausalLM

import reference_forward


def main():
    model_dir = sys.argv[1]
    ids = [int(i) for i in (sys.argv[2] if len(sys.argv) > 2 else "3,17,42,8,8,60,1,25,33,12").split(",")]
    device = "cuda" if torch.cuda.is_available() else "cpu"
    model = AutoModelForCausalLM.from_pretrained(model_dir, torch_dtype=torch.float32).to(device).eval()
    torch.backends.cuda.matmul.allow_tf32 = False  # keep the GPU in true float32
    with torch.no_grad():
        hf = model(torch.tensor([ids], device=device)).logits[0].double().cpu().numpy()
    ref = reference_forward.forward(model_dir, ids)
    worst = np.abs(hf - ref).max(axis=-1)
    for t, w in enumerate(worst):
        print("position %d: max |transformers - reference| = %.3g" % (t, w))
    sys.exit(0 if worst.max() <= 1e-4 else 1)


if __name__ == "__main__":
    main()
