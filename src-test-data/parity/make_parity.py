"""Reference outputs of the PyTorch networks, for acosp-models' opt-in ReferenceParityTest.

Re-implements the reference's PSPNet-50 (semseg, deep-base dilated ResNet), SegNet and the
CIFAR ResNet-18 in plain PyTorch, gives every batch norm non-trivial statistics, and writes
for each network its state dict (torch.save, zip) and an .npz with the input and the outputs
in inference and in training mode (dropout 0). The files are large (PSPNet-50: ~200 MB) and are
not committed; run

    /usr/bin/python3 make_parity.py /tmp/parity
    mvn -o -pl acosp-models test -Dtest=ReferenceParityTest -Dacosp.parity.dir=/tmp/parity

Made with Debian's python3-torch 1.13.1.
"""
import os
import sys

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F


def conv3x3(i, o, stride=1):
    return nn.Conv2d(i, o, 3, stride=stride, padding=1, bias=False)


class Bottleneck(nn.Module):
    expansion = 4

    def __init__(self, inplanes, planes, stride=1, downsample=None):
        super().__init__()
        self.conv1 = nn.Conv2d(inplanes, planes, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(planes)
        self.conv2 = nn.Conv2d(planes, planes, 3, stride=stride, padding=1, bias=False)
        self.bn2 = nn.BatchNorm2d(planes)
        self.conv3 = nn.Conv2d(planes, planes * 4, 1, bias=False)
        self.bn3 = nn.BatchNorm2d(planes * 4)
        self.relu = nn.ReLU(inplace=True)
        self.downsample = downsample

    def forward(self, x):
        residual = x
        out = self.relu(self.bn1(self.conv1(x)))
        out = self.relu(self.bn2(self.conv2(out)))
        out = self.bn3(self.conv3(out))
        if self.downsample is not None:
            residual = self.downsample(x)
        return self.relu(out + residual)


class DeepBaseResNet(nn.Module):
    def __init__(self, layers):
        super().__init__()
        self.inplanes = 128
        self.conv1 = conv3x3(3, 64, stride=2)
        self.bn1 = nn.BatchNorm2d(64)
        self.conv2 = conv3x3(64, 64)
        self.bn2 = nn.BatchNorm2d(64)
        self.conv3 = conv3x3(64, 128)
        self.bn3 = nn.BatchNorm2d(128)
        self.relu = nn.ReLU(inplace=True)
        self.maxpool = nn.MaxPool2d(kernel_size=3, stride=2, padding=1)
        self.layer1 = self._make_layer(64, layers[0])
        self.layer2 = self._make_layer(128, layers[1], stride=2)
        self.layer3 = self._make_layer(256, layers[2], stride=2)
        self.layer4 = self._make_layer(512, layers[3], stride=2)

    def _make_layer(self, planes, blocks, stride=1):
        downsample = None
        if stride != 1 or self.inplanes != planes * 4:
            downsample = nn.Sequential(
                nn.Conv2d(self.inplanes, planes * 4, 1, stride=stride, bias=False),
                nn.BatchNorm2d(planes * 4))
        layers = [Bottleneck(self.inplanes, planes, stride, downsample)]
        self.inplanes = planes * 4
        layers += [Bottleneck(self.inplanes, planes) for _ in range(1, blocks)]
        return nn.Sequential(*layers)


class PPM(nn.Module):
    def __init__(self, in_dim, reduction_dim, bins):
        super().__init__()
        self.features = nn.ModuleList([nn.Sequential(
            nn.AdaptiveAvgPool2d(b), nn.Conv2d(in_dim, reduction_dim, 1, bias=False),
            nn.BatchNorm2d(reduction_dim), nn.ReLU(inplace=True)) for b in bins])

    def forward(self, x):
        out = [x]
        for f in self.features:
            out.append(F.interpolate(f(x), x.size()[2:], mode='bilinear', align_corners=True))
        return torch.cat(out, 1)


class PSPNet(nn.Module):
    def __init__(self, classes, dropout=0.0, zoom_factor=8):
        super().__init__()
        self.zoom_factor = zoom_factor
        resnet = DeepBaseResNet([3, 4, 6, 3])
        self.layer0 = nn.Sequential(resnet.conv1, resnet.bn1, resnet.relu, resnet.conv2, resnet.bn2,
                                    resnet.relu, resnet.conv3, resnet.bn3, resnet.relu, resnet.maxpool)
        self.layer1, self.layer2, self.layer3, self.layer4 = \
            resnet.layer1, resnet.layer2, resnet.layer3, resnet.layer4
        for layer, d in ((self.layer3, 2), (self.layer4, 4)):
            for n, m in layer.named_modules():
                if 'conv2' in n:
                    m.dilation, m.padding, m.stride = (d, d), (d, d), (1, 1)
                elif 'downsample.0' in n:
                    m.stride = (1, 1)
        self.ppm = PPM(2048, 512, (1, 2, 3, 6))
        self.cls = nn.Sequential(nn.Conv2d(4096, 512, 3, padding=1, bias=False), nn.BatchNorm2d(512),
                                 nn.ReLU(inplace=True), nn.Dropout2d(p=dropout), nn.Conv2d(512, classes, 1))
        self.aux = nn.Sequential(nn.Conv2d(1024, 256, 3, padding=1, bias=False), nn.BatchNorm2d(256),
                                 nn.ReLU(inplace=True), nn.Dropout2d(p=dropout), nn.Conv2d(256, classes, 1))

    def forward(self, x):
        h = int((x.size(2) - 1) / 8 * self.zoom_factor + 1)
        w = int((x.size(3) - 1) / 8 * self.zoom_factor + 1)
        x = self.layer2(self.layer1(self.layer0(x)))
        x_tmp = self.layer3(x)
        x = self.cls(self.ppm(self.layer4(x_tmp)))
        x = F.interpolate(x, size=(h, w), mode='bilinear', align_corners=True)
        if self.training:
            aux = F.interpolate(self.aux(x_tmp), size=(h, w), mode='bilinear', align_corners=True)
            return x, aux
        return x


class CBR(nn.Module):
    def __init__(self, i, o):
        super().__init__()
        self.cbr_unit = nn.Sequential(nn.Conv2d(i, o, 3, 1, 1, bias=True), nn.BatchNorm2d(o), nn.ReLU(inplace=True))

    def forward(self, x):
        return self.cbr_unit(x)


class Down(nn.Module):
    def __init__(self, i, o, n):
        super().__init__()
        self.conv1 = CBR(i, o)
        self.conv2 = CBR(o, o)
        if n == 3:
            self.conv3 = CBR(o, o)
        self.n = n
        self.maxpool_with_argmax = nn.MaxPool2d(2, 2, return_indices=True)

    def forward(self, x):
        x = self.conv2(self.conv1(x))
        if self.n == 3:
            x = self.conv3(x)
        shape = x.size()
        x, indices = self.maxpool_with_argmax(x)
        return x, indices, shape


class Up(nn.Module):
    def __init__(self, i, widths):
        super().__init__()
        self.unpool = nn.MaxUnpool2d(2, 2)
        units = []
        for o in widths:
            units.append(CBR(i, o))
            i = o
        self.convs = nn.Sequential(*units)

    def forward(self, x, indices, shape):
        return self.convs(self.unpool(x, indices, output_size=shape))


class SegNet(nn.Module):
    def __init__(self, classes):
        super().__init__()
        self.down1, self.down2 = Down(3, 64, 2), Down(64, 128, 2)
        self.down3, self.down4, self.down5 = Down(128, 256, 3), Down(256, 512, 3), Down(512, 512, 3)
        self.up5, self.up4 = Up(512, [512, 512, 512]), Up(512, [512, 512, 256])
        self.up3, self.up2, self.up1 = Up(256, [256, 256, 128]), Up(128, [128, 64]), Up(64, [64, classes])

    def forward(self, x):
        d1, i1, s1 = self.down1(x)
        d2, i2, s2 = self.down2(d1)
        d3, i3, s3 = self.down3(d2)
        d4, i4, s4 = self.down4(d3)
        d5, i5, s5 = self.down5(d4)
        u = self.up5(d5, i5, s5)
        u = self.up4(u, i4, s4)
        u = self.up3(u, i3, s3)
        u = self.up2(u, i2, s2)
        return self.up1(u, i1, s1)


class BasicBlock(nn.Module):
    def __init__(self, i, o, stride):
        super().__init__()
        self.conv1 = nn.Conv2d(i, o, 3, stride, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(o)
        self.relu = nn.ReLU(inplace=True)
        self.conv2 = nn.Conv2d(o, o, 3, 1, 1, bias=False)
        self.bn2 = nn.BatchNorm2d(o)
        self.downsample = None
        if stride != 1 or i != o:
            self.downsample = nn.Sequential(nn.Conv2d(i, o, 1, stride, bias=False), nn.BatchNorm2d(o))

    def forward(self, x):
        out = self.relu(self.bn1(self.conv1(x)))
        out = self.bn2(self.conv2(out))
        return self.relu(out + (x if self.downsample is None else self.downsample(x)))


class ResNet18Cifar(nn.Module):
    def __init__(self, classes=10):
        super().__init__()
        self.conv1 = nn.Conv2d(3, 64, 3, 1, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(64)
        self.relu = nn.ReLU(inplace=True)
        self.maxpool = nn.MaxPool2d(3, 2, 1)
        widths, i = [64, 128, 256, 512], 64
        for s, w in enumerate(widths):
            stride = 1 if s == 0 else 2
            setattr(self, 'layer%d' % (s + 1), nn.Sequential(BasicBlock(i, w, stride), BasicBlock(w, w, 1)))
            i = w
        self.avgpool = nn.AdaptiveAvgPool2d(1)
        self.fc = nn.Linear(512, classes)

    def forward(self, x):
        x = self.maxpool(self.relu(self.bn1(self.conv1(x))))
        x = self.layer4(self.layer3(self.layer2(self.layer1(x))))
        return self.fc(torch.flatten(self.avgpool(x), 1))


def randomise_batch_norms(model):
    for m in model.modules():
        if isinstance(m, nn.BatchNorm2d):
            n = m.num_features
            m.weight.data.uniform_(0.5, 1.5)
            m.bias.data.normal_(0, 0.1)
            m.running_mean.normal_(0, 0.1)
            m.running_var.uniform_(0.5, 1.5)


def save(name, model, x, folder):
    randomise_batch_norms(model)
    torch.save({'epoch': 1, 'state_dict': {'module.' + k: v for k, v in model.state_dict().items()}},
               os.path.join(folder, name + '.pth'))
    arrays = {'input': x.numpy()}
    with torch.no_grad():
        model.eval()
        arrays['eval'] = model(x).numpy()
        model.train()
        out = model(x)
        if isinstance(out, tuple):
            arrays['train_main'], arrays['train_aux'] = out[0].numpy(), out[1].numpy()
        else:
            arrays['train_main'] = out.numpy()
    np.savez(os.path.join(folder, name + '.npz'), **arrays)
    print('wrote', name)


if __name__ == '__main__':
    folder = sys.argv[1] if len(sys.argv) > 1 else '/tmp/parity'
    os.makedirs(folder, exist_ok=True)
    torch.manual_seed(0)
    save('resnet18', ResNet18Cifar(), torch.randn(2, 3, 32, 32), folder)
    save('segnet', SegNet(6), torch.randn(2, 3, 45, 37), folder)
    save('pspnet50', PSPNet(5), torch.randn(2, 3, 65, 49), folder)
