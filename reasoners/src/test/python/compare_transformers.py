#!/usr/bin/env python3
"""Compares reference_forward.py (NumPy, which ReferenceForwardTest holds the Java model to) with
Hugging Face transformers on the same checkpoint folder, on a machine that has torch and
transformers (e.g. a GPU box). Together with ReferenceForwardTest this checks the Java logits
against transformers without running Java there.

usage: compare_transformers.py MODEL_DIR [TOKEN_IDS]    (ids comma-separated; default 3,17,42,8,8,60,1,25,33,12)
prints the largest absolute difference per position and exits 1 if any exceeds 1e-4. Where the
folder holds java_logits.json (ReferenceForwardTest writes it beside each checkpoint), the Java
logits are compared with transformers' directly as well, for the ids stored there.
"""
import json
import os
import sys

import numpy as np
import torch
from transformers import AutoModelForCausalLM

import reference_forward


def main():
    model_dir = sys.argv[1]
    ids = [int(i) for i in (sys.argv[2] if len(sys.argv) > 2 else "3,17,42,8,8,60,1,25,33,12").split(",")]
    device = "cuda" if torch.cuda.is_available() else "cpu"
    model = AutoModelForCausalLM.from_pretrained(model_dir, dtype=torch.float32).to(device).eval()
    torch.backends.cuda.matmul.allow_tf32 = False  # keep the GPU in true float32
    with torch.no_grad():
        hf = model(torch.tensor([ids], device=device)).logits[0].double().cpu().numpy()
    ref = reference_forward.forward(model_dir, ids)
    worst = np.abs(hf - ref).max(axis=-1)
    for t, w in enumerate(worst):
        print("position %d: max |transformers - reference| = %.3g" % (t, w))
    ok = worst.max() <= 1e-4
    java_file = os.path.join(model_dir, "java_logits.json")
    if os.path.exists(java_file):
        with open(java_file) as f:
            java = json.load(f)
        if java["ids"] != ids:
            with torch.no_grad():
                hf = model(torch.tensor([java["ids"]], device=device)).logits[0].double().cpu().numpy()
        java_worst = np.abs(hf - np.array(java["logits"], dtype=np.float64)).max(axis=-1)
        for t, w in enumerate(java_worst):
            print("position %d: max |transformers - java| = %.3g" % (t, w))
        print("java vs transformers: max %.3g, argmax agrees at %d of %d positions"
              % (java_worst.max(), int((np.argmax(hf, -1) == np.argmax(np.array(java["logits"]), -1)).sum()), len(java["ids"])))
        ok = ok and java_worst.max() <= 1e-4
    print("model %s: %s" % (model_dir, "agrees" if ok else "DIFFERS"))
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
