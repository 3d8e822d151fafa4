"""The PyTorch side of `sh tool/bench.sh scale`: one case of the real-size benchmark, in its own
process, with the parity re-implementations of the reference networks (make_parity.py).

    python3 scale_twin.py CASE REPS THREADS [WARMUPS]

prints `RESULT <median ms> <peak RSS KiB> <median process CPU ms> <median minor page faults>`
(peak and faults from getrusage; CPU time of all threads, which the load of other processes
disturbs less than wall time). Random
weights and inputs; the work mirrors ai.acosp.bench.ScaleCase. Made with Debian's
python3-torch 1.13.1. ACOSP_TWIN_CHANNELS_LAST=1 runs the inference cases in channels-last
memory (the reference runs contiguous arrays).
"""
import os
import resource
import sys
import time

import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from make_parity import PSPNet, SegNet  # noqa: E402


WARMUPS = 1


def timed(fn, reps):
    """Median wall and process CPU milliseconds and minor page faults of reps runs after WARMUPS
    unmeasured ones (ScaleCase.warmUps: 1, 3 for a training step)."""
    for _ in range(WARMUPS):
        fn()
    times, cpu_times, faults = [], [], []
    for _ in range(reps):
        f0 = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
        c0, t0 = time.process_time(), time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1000)
        cpu_times.append((time.process_time() - c0) * 1000)
        faults.append(resource.getrusage(resource.RUSAGE_SELF).ru_minflt - f0)
    return median(times), median(cpu_times), median(faults)


def median(values):
    """The upper median, as the Java side's RoundRobinTimer.median."""
    return sorted(values)[len(values) // 2]


def inference(model, shape, reps):
    model.eval()
    x = torch.randn(*shape)
    if os.environ.get('ACOSP_TWIN_CHANNELS_LAST') == '1':
        # PyTorch's own channels-last pass, for comparison (the reference runs contiguous arrays)
        model = model.to(memory_format=torch.channels_last)
        x = x.contiguous(memory_format=torch.channels_last)

    def run():
        with torch.no_grad():
            model(x).argmax(1).int().numpy()
    return timed(run, reps)


def convolution(in_channels, out_channels, height, width, reps):
    x = torch.randn(1, in_channels, height, width)
    weight = torch.randn(out_channels, in_channels, 3, 3) * 0.01
    bias = torch.zeros(out_channels)

    def run():
        with torch.no_grad():
            F.conv2d(x, weight, bias, 1, 1).sum().item()
    return timed(run, reps)


def step(model, shape, classes, reps, aux):
    model.train()
    opt = torch.optim.SGD(model.parameters(), lr=0.001, momentum=0.9, weight_decay=1e-4)
    x = torch.randn(*shape)
    y = torch.randint(0, classes, (shape[0], shape[2], shape[3]))

    def run():
        # semseg's train.py: the model returns the argmax and the losses, so the logits are gone
        # before the backward pass; the pixel counts of the prediction are taken from the argmax
        opt.zero_grad()
        out = model(x)
        logits = out[0] if aux else out
        loss = F.cross_entropy(logits, y, ignore_index=255)
        if aux:
            loss = loss + 0.4 * F.cross_entropy(out[1], y, ignore_index=255)
        prediction = logits.detach().argmax(1)
        del out, logits
        loss.backward()
        opt.step()
        loss.item()
        hit = prediction[prediction == y]
        torch.bincount(hit.flatten(), minlength=classes)
        torch.bincount(prediction.flatten(), minlength=classes)
        torch.bincount(y.flatten(), minlength=classes)
    return timed(run, reps)


def sliding_window_test(model, reps, classes=11, base=360, crop_h=360, crop_w=720):
    """semseg's test.py for one 360x480 image at scale 1: resize, pad, windows, flip, average."""
    model.eval()
    image = torch.rand(3, 360, 480) * 255
    mean = torch.tensor([0.485, 0.456, 0.406]).view(3, 1, 1) * 255
    std = torch.tensor([0.229, 0.224, 0.225]).view(3, 1, 1) * 255

    def run():
        with torch.no_grad():
            h, w = image.shape[1:]
            long_side = base
            new_h, new_w = (long_side, round(long_side / h * w)) if h > w else (round(long_side / w * h), long_side)
            scaled = F.interpolate(image[None], size=(new_h, new_w), mode='bilinear', align_corners=False)[0]
            pad_h, pad_w = max(crop_h - new_h, 0), max(crop_w - new_w, 0)
            top, left = pad_h // 2, pad_w // 2
            padded = mean.expand(3, new_h + pad_h, new_w + pad_w).clone()
            padded[:, top:top + new_h, left:left + new_w] = scaled
            x = (padded - mean) / std
            H, W = x.shape[1:]
            stride_h, stride_w = int(-(-crop_h * 2 // 3)), int(-(-crop_w * 2 // 3))
            grid_h = int(-(-(H - crop_h) // stride_h)) + 1
            grid_w = int(-(-(W - crop_w) // stride_w)) + 1
            prediction = torch.zeros(classes, H, W)
            count = torch.zeros(1, H, W)
            for gy in range(grid_h):
                for gx in range(grid_w):
                    eh = min(gy * stride_h + crop_h, H)
                    ew = min(gx * stride_w + crop_w, W)
                    sh, sw = eh - crop_h, ew - crop_w
                    crop = x[:, sh:eh, sw:ew]
                    out = F.softmax(model(torch.stack([crop, crop.flip(2)])), dim=1)
                    prediction[:, sh:eh, sw:ew] += (out[0] + out[1].flip(2)) / 2
                    count[:, sh:eh, sw:ew] += 1
            prediction = (prediction / count)[:, top:top + new_h, left:left + new_w]
            prediction = F.interpolate(prediction[None], size=(h, w), mode='bilinear', align_corners=False)[0]
            prediction.argmax(0).numpy()
    return timed(run, reps)


def main():
    global WARMUPS
    case, reps, threads = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    if len(sys.argv) > 4:
        WARMUPS = int(sys.argv[4])
    torch.set_num_threads(threads)
    torch.set_num_interop_threads(1)
    torch.manual_seed(3)
    if case == 'segnet_infer':
        ms = inference(SegNet(11), (1, 3, 360, 480), reps)
    elif case == 'segnet_infer720':
        ms = inference(SegNet(11), (1, 3, 360, 720), reps)
    elif case == 'psp_infer':
        ms = inference(PSPNet(19, dropout=0.1), (1, 3, 713, 713), reps)
    elif case == 'segnet_step':
        ms = step(SegNet(11), (1, 3, 360, 480), 11, reps, aux=False)
    elif case == 'psp_step':
        ms = step(PSPNet(150, dropout=0.1), (2, 3, 473, 473), 150, reps, aux=True)
    elif case == 'segnet_test':
        ms = sliding_window_test(SegNet(11), reps)
    elif case == 'conv_psp_head':
        ms = convolution(4096, 512, 90, 90, reps)
    elif case == 'conv_segnet':
        ms = convolution(64, 64, 360, 480, reps)
    else:
        sys.exit('no PyTorch twin for case ' + case)
    print('RESULT %.1f %d %.1f %d' % (ms[0], resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, ms[1], ms[2]))


if __name__ == '__main__':
    main()
