#!/usr/bin/env python3
"""Times attention kernels on the lent GPU machine, for the attention model's check on Hopper
(issue 13 item 3 has no H100/H200 attention measurement otherwise).

One layer's attention of Llama-3-8B (32 query heads, 8 KV heads) and Llama-2-7B (32, 32), head
dimension 128, bf16, through torch's scaled_dot_product_attention with the flash backend: decode
(one query a sequence, batch b x context c, a dense KV cache: no paging) and causal prefill of a
fresh prompt of n tokens. Median of CUDA-event timings after warm-up, ms per call (= per layer).
Writes CSV: model,kind,batch,context,tokens,backend,median_ms,min_ms,max_ms,trials (backend: flash,
or auto where this torch's flash kernel refuses the shape).

  python3 scripts/device-attention.py --out $OUT/attention.csv
"""
import argparse
import csv
import statistics
import sys

import torch
import torch.nn.functional as F

MODELS = {"llama-3-8b": (32, 8), "llama-2-7b": (32, 32)}
HEAD_DIM = 128
BATCHES = [1, 2, 4, 8, 16, 32, 64, 128]
CONTEXTS = [512, 1024, 2048]
PROMPTS = [128, 256, 512, 1024, 2048, 4096]


def time_ms(fn, trials: int) -> list[float]:
    for _ in range(3):
        fn()
    torch.cuda.synchronize()
    times = []
    for _ in range(trials):
        start = torch.cuda.Event(enable_timing=True)
        end = torch.cuda.Event(enable_timing=True)
        start.record()
        fn()
        end.record()
        end.synchronize()
        times.append(start.elapsed_time(end))
    return times


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", required=True)
    parser.add_argument("--trials", type=int, default=20)
    args = parser.parse_args()
    if not torch.cuda.is_available():
        print("device-attention.py: no CUDA device", file=sys.stderr)
        return 2
    device = torch.device("cuda")
    print(f"device-attention.py: {torch.cuda.get_device_name(0)}, torch {torch.__version__}", file=sys.stderr)
    rows = []

    def timed(q, k, v, causal: bool) -> tuple[str, list[float]]:
        gqa = k.shape[1] != q.shape[1]
        call = lambda: F.scaled_dot_product_attention(q, k, v, is_causal=causal, enable_gqa=gqa)  # noqa: E731
        try:
            with torch.nn.attention.sdpa_kernel(torch.nn.attention.SDPBackend.FLASH_ATTENTION):
                return "flash", time_ms(call, args.trials)
        except RuntimeError as error:  # this torch's flash kernel refuses the shape (e.g. GQA): let torch choose
            print(f"device-attention.py: flash refused {tuple(q.shape)}/{tuple(k.shape)}: {str(error)[:120]}", file=sys.stderr)
            return "auto", time_ms(call, args.trials)

    for model, (heads, kv_heads) in MODELS.items():
        for c in CONTEXTS:
            for b in BATCHES:
                q = torch.randn(b, heads, 1, HEAD_DIM, device=device, dtype=torch.bfloat16)
                k = torch.randn(b, kv_heads, c + 1, HEAD_DIM, device=device, dtype=torch.bfloat16)
                backend, t = timed(q, k, torch.randn_like(k), False)
                rows.append([model, "decode", b, c, b, backend, statistics.median(t), min(t), max(t), len(t)])
        for n in PROMPTS:
            q = torch.randn(1, heads, n, HEAD_DIM, device=device, dtype=torch.bfloat16)
            k = torch.randn(1, kv_heads, n, HEAD_DIM, device=device, dtype=torch.bfloat16)
            backend, t = timed(q, k, torch.randn_like(k), True)
            rows.append([model, "prefill", 1, 0, n, backend, statistics.median(t), min(t), max(t), len(t)])
    with open(args.out, "w", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["model", "kind", "batch", "context", "tokens", "backend", "median_ms", "min_ms", "max_ms", "trials"])
        writer.writerows(rows)
    print(f"device-attention.py: {len(rows)} shapes -> {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
