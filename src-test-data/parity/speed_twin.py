"""PyTorch twin of acosp-train's ScaleSpeedBenchmark: the same work on the re-implementations of
make_parity.py, with the same options and output lines, for a side-by-side comparison.

    /usr/bin/python3 src-test-data/parity/speed_twin.py [key=value ...]
      cases=segnet_infer,segnet_train,psp_train threads=2 rounds=5 steps=3
      segnet=360x480 segnet_batch=1 psp=473x473 psp_batch=2

Training steps: forward in training mode, cross-entropy with ignore label 255 (PSPNet: main loss +
0.4 x auxiliary loss, dropout 0.1), backward, SGD lr 0.001, momentum 0.9, weight decay 1e-4; one
warm-up step, then the median. Inference: eval mode under no_grad, one warm-up pass.
"""
import os
import resource
import statistics
import sys
import time

import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from make_parity import PSPNet, SegNet  # noqa: E402

DEFAULTS = {'cases': 'segnet_infer,segnet_train,psp_train', 'threads': '2', 'rounds': '5',
            'steps': '3', 'segnet': '360x480', 'segnet_batch': '1', 'psp': '473x473',
            'psp_batch': '2'}
SEGNET_CLASSES = 19
PSP_CLASSES = 150


def load_average():
    return ' '.join(open('/proc/loadavg').read().split()[:3])


def peak_rss():
    return '%.2f GB' % (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e6)


def inference_median(model, shape, rounds):
    model.eval()
    times, cpu_times = [], []
    with torch.no_grad():
        for r in range(-1, rounds):
            x = torch.randn(*shape)
            t0, c0 = time.perf_counter(), time.process_time()
            model(x)
            if r >= 0:
                times.append((time.perf_counter() - t0) * 1e3)
                cpu_times.append((time.process_time() - c0) * 1e3)
    return statistics.median_high(times), statistics.median_high(cpu_times)


def step_median(name, model, shape, classes, aux_weight, steps):
    model.train()
    sgd = torch.optim.SGD(model.parameters(), lr=0.001, momentum=0.9, weight_decay=1e-4)
    x = torch.randn(*shape)
    y = torch.randint(0, classes, (shape[0], shape[2], shape[3]))
    times, cpu_times = [], []
    for s in range(-1, steps):
        t0, c0 = time.perf_counter(), time.process_time()
        out = model(x)
        if isinstance(out, tuple):
            loss = F.cross_entropy(out[0], y, ignore_index=255) \
                + aux_weight * F.cross_entropy(out[1], y, ignore_index=255)
        else:
            loss = F.cross_entropy(out, y, ignore_index=255)
        sgd.zero_grad()
        loss.backward()
        sgd.step()
        loss.item()
        if s >= 0:
            times.append((time.perf_counter() - t0) * 1e3)
            cpu_times.append((time.process_time() - c0) * 1e3)
    ms = statistics.median_high(times)
    print('\n%s training step, batch %s, median of %d steps (load average %s):' % (
        name, tuple(shape), steps, load_average()))
    print('  %-22s %9.1f ms  (process CPU time %.0f ms)' % ('dense', ms, statistics.median_high(cpu_times)))


def main():
    options = dict(DEFAULTS)
    for arg in sys.argv[1:]:
        key, _, value = arg.partition('=')
        if key not in DEFAULTS or not value:
            sys.exit('unknown option %s; known: %s' % (arg, list(DEFAULTS)))
        options[key] = value
    torch.set_num_threads(int(options['threads']))
    torch.set_num_interop_threads(1)
    torch.manual_seed(2)
    print('threads: %d cores, torch %s intra-op threads: %d; load average: %s' % (
        os.cpu_count(), torch.__version__, torch.get_num_threads(), load_average()))
    cases = options['cases'].split(',')
    seg = [int(v) for v in options['segnet'].split('x')]
    psp = [int(v) for v in options['psp'].split('x')]
    rounds, steps = int(options['rounds']), int(options['steps'])
    if 'segnet_infer' in cases:
        shape = (1, 3, seg[0], seg[1])
        ms, cpu = inference_median(SegNet(SEGNET_CLASSES), shape, rounds)
        print('\nSegNet inference %s, median of %d: %.1f ms, process CPU time %.0f ms (load average %s,'
              ' peak RSS so far %s)' % (shape, rounds, ms, cpu, load_average(), peak_rss()))
    if 'segnet_train' in cases:
        step_median('SegNet', SegNet(SEGNET_CLASSES),
                    (int(options['segnet_batch']), 3, seg[0], seg[1]), SEGNET_CLASSES, 0, steps)
        print('  peak RSS so far %s' % peak_rss())
    if 'psp_train' in cases:
        step_median('PSPNet-50 (150 classes)', PSPNet(PSP_CLASSES, dropout=0.1),
                    (int(options['psp_batch']), 3, psp[0], psp[1]), PSP_CLASSES, 0.4, steps)
        print('  peak RSS so far %s' % peak_rss())
    print('\nload average at the end: %s' % load_average())


if __name__ == '__main__':
    main()
