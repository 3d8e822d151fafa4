package ai.acosp.core;

import ai.djl.nn.AbstractBlock;
import ai.djl.nn.BlockList;
import ai.djl.nn.convolutional.Deconvolution;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import java.lang.reflect.Field;

/**
 * Every reflective access this project makes into DJL's non-public state, in one place. Each field
 * is looked up once, on first use; if DJL no longer has it, the access fails with an {@link
 * IllegalStateException} that names the DJL class, the field and the DJL version this code was
 * written against. {@code DjlInternalsTest} reads each field from a real block, so a DJL upgrade
 * that renames one fails there first.
 */
public final class DjlInternals {

    /** The DJL version whose fields this class reads. */
    public static final String EXPECTED_DJL_VERSION = "0.36.0";

    private static final Handle CHILDREN =
            new Handle(AbstractBlock.class, "children", BlockList.class);
    private static final Handle DECONVOLUTION_FILTERS =
            new Handle(Deconvolution.class, "filters", int.class);
    private static final Handle BATCH_NORM_AXIS = new Handle(BatchNorm.class, "axis", int.class);
    private static final Handle BATCH_NORM_EPSILON =
            new Handle(BatchNorm.class, "epsilon", float.class);
    private static final Handle BATCH_NORM_MOMENTUM =
            new Handle(BatchNorm.class, "momentum", float.class);

    private static final Handle TRAINER_PARAMETER_STORE =
            new Handle(Trainer.class, "parameterStore", ParameterStore.class);

    private DjlInternals() {}

    /**
     * The parameter store of a trainer: the private field {@code Trainer.parameterStore}, which has
     * no getter. Its {@code setParameterServer} is public, so a trainer can update its parameters
     * another way than DJL's {@code LocalParameterServer}.
     *
     * @param trainer the trainer
     * @return its parameter store
     */
    public static ParameterStore parameterStore(Trainer trainer) {
        return (ParameterStore) TRAINER_PARAMETER_STORE.get(trainer);
    }

    /**
     * The live children list of a block: the protected field {@code AbstractBlock.children}. {@link
     * ai.djl.nn.Block#getChildren()} returns a copy, so replacing a child in place inside a {@link
     * ai.djl.nn.SequentialBlock} or {@link ai.djl.nn.ParallelBlock} needs the list itself.
     *
     * @param block the block
     * @return its children list; changes to it change the block
     */
    public static BlockList children(AbstractBlock block) {
        return (BlockList) CHILDREN.get(block);
    }

    /**
     * The number of output channels of a transposed convolution: the protected field {@code
     * Deconvolution.filters}, which has no getter (unlike {@code Convolution.getFilters()}).
     *
     * @param deconvolution the block
     * @return its filters
     */
    public static int deconvolutionFilters(Deconvolution deconvolution) {
        return (Integer) DECONVOLUTION_FILTERS.get(deconvolution);
    }

    /**
     * The normalised axis of a batch norm: the private field {@code BatchNorm.axis}, which has no
     * getter.
     *
     * @param batchNorm the block
     * @return its axis
     */
    public static int batchNormAxis(BatchNorm batchNorm) {
        return (Integer) BATCH_NORM_AXIS.get(batchNorm);
    }

    /**
     * The epsilon of a batch norm: the private field {@code BatchNorm.epsilon}, which has no
     * getter.
     *
     * @param batchNorm the block
     * @return its epsilon
     */
    public static float batchNormEpsilon(BatchNorm batchNorm) {
        return (Float) BATCH_NORM_EPSILON.get(batchNorm);
    }

    /**
     * The running-statistics momentum of a batch norm: the private field {@code
     * BatchNorm.momentum}, which has no getter.
     *
     * @param batchNorm the block
     * @return its momentum
     */
    public static float batchNormMomentum(BatchNorm batchNorm) {
        return (Float) BATCH_NORM_MOMENTUM.get(batchNorm);
    }

    /**
     * Looks up a declared field and makes it accessible.
     *
     * @param owner the DJL class declaring the field
     * @param name the field's name
     * @param type the field's expected type
     * @return the accessible field
     * @throws IllegalStateException if the field is missing, has another type or cannot be opened;
     *     the message names the class, the field and the DJL versions
     */
    static Field field(Class<?> owner, String name, Class<?> type) {
        Field field;
        try {
            field = owner.getDeclaredField(name);
        } catch (NoSuchFieldException e) {
            throw changed(owner, name, "the field is gone", e);
        }
        if (field.getType() != type) {
            throw changed(
                    owner,
                    name,
                    "its type is " + field.getType().getName() + ", not " + type.getName(),
                    null);
        }
        try {
            field.setAccessible(true);
        } catch (RuntimeException e) {
            throw changed(owner, name, "the field cannot be opened (" + e + ")", e);
        }
        return field;
    }

    private static IllegalStateException changed(
            Class<?> owner, String name, String what, Throwable cause) {
        String running = AbstractBlock.class.getPackage().getSpecificationVersion();
        return new IllegalStateException(
                "DJL "
                        + (running == null ? "(unknown version)" : running)
                        + " changed "
                        + owner.getSimpleName()
                        + "."
                        + name
                        + ": "
                        + what
                        + "; this code reads it as in DJL "
                        + EXPECTED_DJL_VERSION,
                cause);
    }

    /** A field looked up on first use. */
    private static final class Handle {

        private final Class<?> owner;
        private final String name;
        private final Class<?> type;
        private volatile Field field;

        Handle(Class<?> owner, String name, Class<?> type) {
            this.owner = owner;
            this.name = name;
            this.type = type;
        }

        Object get(Object target) {
            Field f = field;
            if (f == null) {
                f = field(owner, name, type);
                field = f;
            }
            try {
                return f.get(target);
            } catch (IllegalAccessException e) {
                throw changed(owner, name, "the field cannot be read", e);
            }
        }
    }
}
