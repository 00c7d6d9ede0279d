"""PyTorch peer of `npm run bench`: the seed LeNet5 (sigmoid) on random CIFAR-sized data,
trained at batch 64 (SGD with momentum, cross-entropy) and run forward at batch 256, on
the CPU with `--threads` intra-op threads. Same protocol as bench/cpu-kernels.ts: medians
of 5 timed runs (10 steps / 4 passes each) after warm-up calls, in wall time and in CPU
time of all threads. Prints one JSON line.
Run by bench/peer-torch.ts with the system python3 (Debian's python3-torch)."""
import argparse
import json
import statistics
import time

import torch
from torch import nn

parser = argparse.ArgumentParser()
parser.add_argument("--threads", type=int, default=2)
args = parser.parse_args()
torch.set_num_threads(args.threads)
torch.manual_seed(0)

net = nn.Sequential(
    nn.Conv2d(3, 6, 5), nn.Sigmoid(), nn.MaxPool2d(2),
    nn.Conv2d(6, 16, 5), nn.Sigmoid(), nn.MaxPool2d(2),
    nn.Conv2d(16, 120, 5), nn.Flatten(),
    nn.Linear(120, 84), nn.Sigmoid(), nn.Linear(84, 10),
)
opt = torch.optim.SGD(net.parameters(), lr=0.01, momentum=0.9)
loss_fn = nn.CrossEntropyLoss()
x_train = torch.rand(64, 3, 32, 32) * 2 - 1
y_train = torch.randint(0, 10, (64,))
x_infer = torch.rand(256, 3, 32, 32) * 2 - 1


def train_step():
    opt.zero_grad()
    loss = loss_fn(net(x_train), y_train)
    loss.backward()
    opt.step()
    loss.item()


def forward_pass():
    with torch.inference_mode():
        net(x_infer).sum().item()


def median_seconds(fn, runs, per_run, warmup):
    """Median wall seconds per call, and median CPU seconds (all threads) per call."""
    for _ in range(warmup):
        fn()
    wall, cpu = [], []
    for _ in range(runs):
        t, c = time.perf_counter(), time.process_time()
        for _ in range(per_run):
            fn()
        wall.append((time.perf_counter() - t) / per_run)
        cpu.append((time.process_time() - c) / per_run)
    return statistics.median(wall), statistics.median(cpu)


train, train_cpu = median_seconds(train_step, 5, 10, 3)
infer, infer_cpu = median_seconds(forward_pass, 5, 4, 2)
print(json.dumps({
    "torch_version": torch.__version__,
    "threads": torch.get_num_threads(),
    "train_img_per_s": 64 / train,
    "infer_img_per_s": 256 / infer,
    "train_img_per_cpu_s": 64 / train_cpu,
    "infer_img_per_cpu_s": 256 / infer_cpu,
}))
