#!/bin/sh
# Trains and tests ResNet-18 on CIFAR-10 with the recipe of the ACoSP paper (Adam, weight decay
# 1e-4, cosine rate per epoch, batch 512, 50 epochs, pruning ends at epoch 10):
#   sh tool/train_cifar10.sh SPARSITY [key value ...]      SPARSITY: 0, 0.5, 0.75, 0.875, 0.9375
# The binary CIFAR-10 files are read from data_root (default /data/cifar10). Per-epoch loss and
# accuracy are in exp/cifar10/<name>/tensorboard/scalars.csv and the console log.
if [ $# -lt 1 ]; then
  echo "usage: sh tool/train_cifar10.sh SPARSITY [key value ...]   (e.g. sh tool/train_cifar10.sh 0.5)" >&2
  exit 2
fi
case "$1" in
  0|0.0) name=resnet18 ;;
  *) name="resnet18_$1" ;;
esac
shift
if [ ! -f "$(dirname "$0")/../config/cifar10/cifar10_$name.yaml" ]; then
  echo "no config config/cifar10/cifar10_$name.yaml: use 0, 0.5, 0.75, 0.875 or 0.9375" >&2
  exit 2
fi
exec sh "$(dirname "$0")/train.sh" cifar10 "$name" "$@"
