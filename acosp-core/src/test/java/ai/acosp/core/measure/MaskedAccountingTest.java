package ai.acosp.core.measure;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.acosp.core.BlockTree;
import ai.acosp.core.Inject;
import ai.acosp.core.SoftTopKPruner;
import ai.acosp.core.TestNetworks;
import ai.acosp.core.nn.MaskedConvolution;
import ai.acosp.core.nn.UnprunableConv2d;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;
import org.junit.jupiter.api.Test;

class MaskedAccountingTest {

    private static SoftTopKPruner halve() {
        return SoftTopKPruner.builder()
                .setFinalSparsity(0.5f)
                .setEndingEpoch(3)
                .optMinRemainingElements(1)
                .build();
    }

    @Test
    void countsMatchHandCountsOfAConvBatchNormConvChain() {
        try (NDManager manager = NDManager.newBaseManager()) {
            SequentialBlock net =
                    new SequentialBlock()
                            .add(
                                    Conv2d.builder()
                                            .setKernelShape(new Shape(3, 3))
                                            .optPadding(new Shape(1, 1))
                                            .optBias(false)
                                            .setFilters(8)
                                            .build())
                            .add(BatchNorm.builder().build())
                            .add(Activation.reluBlock())
                            .add(
                                    UnprunableConv2d.builder()
                                            .setKernelShape(new Shape(1, 1))
                                            .setFilters(4)
                                            .build());
            Shape input = new Shape(1, 3, 5, 5);
            net.initialize(manager, DataType.FLOAT32, input);
            // a channel that is zero without any mask (a filter of zeros, like a ReLU that never
            // fires) is not counted as removed: a dense model measures 1.0x
            NDArray firstWeight =
                    net.getChildren().valueAt(0).getParameters().get("weight").getArray();
            firstWeight.set(new NDIndex("0"), 0f);
            MaskedReport dense = MaskedAccounting.measure(net, input);
            assertEquals(1.0, dense.parameterRatio(), 0.0);
            assertEquals(1.0, dense.macRatio(), 0.0);
            assertEquals(216 + 16 + 36, dense.denseParameters());
            assertEquals(dense.denseParameters(), dense.prunedParameters());
            assertEquals(25 * 216 + 25 * 32, dense.denseMacs());
            firstWeight.set(new NDIndex("0"), 0.1f);

            halve().configureModel(net);
            Inject.softToHardK(net);
            MaskedReport pruned = MaskedAccounting.measure(net, input);
            assertEquals(268, pruned.denseParameters());
            // conv1 keeps 4 of 8 filters (108), BN loses 4 scales and shifts (8), conv2 reads 4
            // live channels (16 weights + 4 biases)
            assertEquals(108 + 8 + 20, pruned.prunedParameters());
            assertEquals(6200, pruned.denseMacs());
            assertEquals(25 * 108 + 25 * 16, pruned.prunedMacs());
            assertEquals(268 / 136.0, pruned.parameterRatio(), 1e-12);
            assertEquals(2.0, pruned.macRatio(), 1e-12);
            assertEquals(1, pruned.maskedLayers());
            MaskedReport.Layer first = pruned.layers().get(0);
            assertEquals(4, first.keptOutputChannels());
            assertEquals(0.5, first.keptShare());
            MaskedReport.Layer second = pruned.layers().get(1);
            assertEquals(4, second.liveInputChannels());
            assertEquals(8, second.inputChannels());
            // the model is restored: the mask is still in place and the network still runs
            assertEquals(1, BlockTree.find(net, MaskedConvolution.class).size());
            TestNetworks.infer(net, manager, TestNetworks.input(manager, 1, 3, 5, 5));
        }
    }

    @Test
    void aResidualSumWithALiveBranchKeepsTheChannel() {
        try (NDManager manager = NDManager.newBaseManager()) {
            SequentialBlock branch =
                    new SequentialBlock()
                            .add(
                                    Conv2d.builder()
                                            .setKernelShape(new Shape(1, 1))
                                            .setFilters(8)
                                            .build());
            SequentialBlock net =
                    new SequentialBlock()
                            .add(
                                    UnprunableConv2d.builder()
                                            .setKernelShape(new Shape(3, 3))
                                            .optPadding(new Shape(1, 1))
                                            .setFilters(8)
                                            .build())
                            .add(TestNetworks.sum(branch, Blocks.identityBlock()))
                            .add(
                                    UnprunableConv2d.builder()
                                            .setKernelShape(new Shape(1, 1))
                                            .setFilters(2)
                                            .build());
            Shape input = new Shape(1, 3, 4, 4);
            net.initialize(manager, DataType.FLOAT32, input);
            assertEquals(1, halve().configureModel(net));
            MaskedReport report = MaskedAccounting.measure(net, input);
            assertEquals(224 + 72 + 18, report.denseParameters());
            assertEquals(224 + 36 + 18, report.prunedParameters());
            MaskedReport.Layer last = report.layers().get(2);
            assertEquals(8, last.liveInputChannels());
        }
    }

    @Test
    void aLayerThatInferenceNeverReachesIsLeftOutOfTheLayers() {
        try (NDManager manager = NDManager.newBaseManager()) {
            TrainingOnlyBranch net = new TrainingOnlyBranch();
            Shape input = new Shape(1, 3, 4, 4);
            net.initialize(manager, DataType.FLOAT32, input);
            MaskedReport report = MaskedAccounting.measure(net, input);
            assertEquals(1, report.layers().size());
            // the unreached conv still counts among the dense parameters (12 + 4 and 16 + 4)
            assertEquals(36, report.denseParameters());
            assertEquals(36, report.prunedParameters());
        }
    }

    /** A container whose second convolution runs only in training, like an auxiliary head. */
    private static final class TrainingOnlyBranch extends ai.acosp.core.nn.ContainerBlock {
        TrainingOnlyBranch() {
            addChild(
                    "main", Conv2d.builder().setKernelShape(new Shape(1, 1)).setFilters(4).build());
            addChild("aux", Conv2d.builder().setKernelShape(new Shape(1, 1)).setFilters(4).build());
        }

        @Override
        protected NDList forwardInternal(
                ai.djl.training.ParameterStore ps,
                NDList inputs,
                boolean training,
                ai.djl.util.PairList<String, Object> params) {
            NDList main = child("main").forward(ps, inputs, training, params);
            return training ? child("aux").forward(ps, main, true, params) : main;
        }

        @Override
        public Shape[] getOutputShapes(Shape[] inputShapes) {
            return child("main").getOutputShapes(inputShapes);
        }

        @Override
        protected void initializeChildBlocks(
                NDManager manager, DataType dataType, Shape... shapes) {
            child("main").initialize(manager, dataType, shapes);
            child("aux").initialize(manager, dataType, child("main").getOutputShapes(shapes));
        }
    }
}
