"""Writes the tiny PyTorch checkpoint fixtures used by acosp-models' tests.

Made with Debian's python3-torch 1.13.1 (`apt-get install python3-torch`), run as
`/usr/bin/python3 make_fixtures.py` in this folder. The project never needs Python; the files
are committed so the Java reader is tested against real `torch.save` output.

tiny_checkpoint.pth: {"epoch": 3, "state_dict": OrderedDict(...), "optimizer": {...}} as the
reference training script saves it (keys carry the DataParallel prefix "module."), holding
tensors that exercise the reader: float32, a transposed (non-contiguous) view, a view with a
storage offset that shares its storage with another tensor, float16, bfloat16, float64, int64
scalar, bool, and an nn.Parameter.
"""
import collections

import torch

base = torch.arange(24, dtype=torch.float32)
state = collections.OrderedDict()
state["module.conv.weight"] = torch.arange(8, dtype=torch.float32).reshape(2, 1, 2, 2)
state["module.transposed"] = torch.arange(6, dtype=torch.float32).reshape(2, 3).t()
state["module.shared_a"] = base[:12].reshape(3, 4)
state["module.shared_b"] = base[14:20].reshape(2, 3)  # storage offset 14, same storage as shared_a
state["module.half"] = torch.tensor([0.5, -2.0, 65504.0, 1e-4], dtype=torch.float16)
state["module.bf16"] = torch.tensor([1.0, -3.5, 0.15625], dtype=torch.bfloat16)
state["module.double"] = torch.tensor([[1.25, -0.5]], dtype=torch.float64)
state["module.bn.num_batches_tracked"] = torch.tensor(7, dtype=torch.int64)
state["module.mask"] = torch.tensor([True, False, True])
state["module.param"] = torch.nn.Parameter(torch.tensor([3.0, 4.0]))

optimizer = {
    "state": {0: {"momentum_buffer": torch.ones(2)}},
    "param_groups": [{"lr": 0.01, "momentum": 0.9, "nesterov": False, "params": [0, 1]}],
}
torch.save({"epoch": 3, "state_dict": state, "optimizer": optimizer}, "tiny_checkpoint.pth")
print("wrote tiny_checkpoint.pth")

# the same checkpoint in the legacy (pre-1.6, non-zip) format, as old ImageNet weight files are
torch.save({"epoch": 3, "state_dict": state, "optimizer": optimizer}, "tiny_checkpoint_legacy.pth",
           _use_new_zipfile_serialization=False)
print("wrote tiny_checkpoint_legacy.pth")

# a real module's state dict saved directly (its OrderedDict carries _metadata: a BUILD opcode)
torch.manual_seed(0)
module = torch.nn.Sequential(torch.nn.Conv2d(2, 3, 1), torch.nn.BatchNorm2d(3))
module[1].running_mean.fill_(0.25)
torch.save(module.state_dict(), "tiny_state_dict.pth")
print("wrote tiny_state_dict.pth")
