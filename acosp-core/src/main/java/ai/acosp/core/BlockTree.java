package ai.acosp.core;

import ai.acosp.core.nn.LeafBlock;
import ai.acosp.core.nn.RewritableBlock;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.BlockList;
import ai.djl.nn.ParallelBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * Walks and rewrites DJL block trees. Paths name blocks by their children's names joined with
 * {@code /}, e.g. {@code 02SequentialBlock/01Conv2d}.
 *
 * <p>A child can be replaced inside {@link SequentialBlock}, {@link ParallelBlock} and any {@link
 * RewritableBlock}; these call their children from the children list in each forward pass. Other
 * blocks may keep their children in fields, so a replacement there would be silently ignored:
 * rewriting them fails with an error that names the block's path. A {@link LeafBlock} is a leaf for
 * {@link #replace}: what it holds is never replaced.
 */
public final class BlockTree {

    private BlockTree() {}

    /**
     * Visits every block below {@code root} (not the root itself) in depth-first order, parents
     * before children.
     *
     * @param root the tree
     * @param visitor called with each block's path and the block
     */
    public static void visit(Block root, BiConsumer<String, Block> visitor) {
        visit(root, "", visitor);
    }

    private static void visit(Block parent, String path, BiConsumer<String, Block> visitor) {
        for (Pair<String, Block> child : parent.getChildren()) {
            String childPath = join(path, child.getKey());
            visitor.accept(childPath, child.getValue());
            visit(child.getValue(), childPath, visitor);
        }
    }

    /**
     * Lists the blocks of a type below {@code root} with their paths, in tree order.
     *
     * @param root the tree
     * @param type the class to look for
     * @param <T> the type
     * @return (path, block) pairs
     */
    public static <T extends Block> List<Pair<String, T>> find(Block root, Class<T> type) {
        List<Pair<String, T>> found = new ArrayList<>();
        visit(
                root,
                (path, block) -> {
                    if (type.isInstance(block)) {
                        found.add(new Pair<>(path, type.cast(block)));
                    }
                });
        return found;
    }

    /**
     * Replaces blocks below {@code root}. The replacer is called for each block; when it returns
     * another block, that block takes the original's place under the same name and is not walked
     * into; otherwise the walk descends into the original.
     *
     * @param root the tree; it is never replaced itself
     * @param replacer maps (path, block) to its replacement or to the block itself
     * @return how many blocks were replaced
     * @throws IllegalStateException if a block to replace sits in a parent that cannot be
     *     rewritten; the message names the parent's path
     */
    public static int replace(Block root, Replacer replacer) {
        return replace(root, "", replacer);
    }

    private static int replace(Block parent, String path, Replacer replacer) {
        int count = 0;
        for (Pair<String, Block> child : parent.getChildren()) {
            String childPath = join(path, child.getKey());
            Block original = child.getValue();
            Block replacement = replacer.replace(childPath, original);
            if (replacement != original) {
                replaceChild(parent, path, child.getKey(), replacement);
                count++;
            } else if (!(original instanceof LeafBlock)) {
                count += replace(original, childPath, replacer);
            }
        }
        return count;
    }

    /**
     * Replaces one child of a block.
     *
     * @param parent the parent block
     * @param parentPath the parent's path, for the error message
     * @param name the child's name
     * @param replacement the new child
     */
    public static void replaceChild(
            Block parent, String parentPath, String name, Block replacement) {
        if (parent instanceof RewritableBlock rewritable) {
            rewritable.replaceChild(name, replacement);
        } else if (parent instanceof SequentialBlock || parent instanceof ParallelBlock) {
            BlockList children = DjlInternals.children((AbstractBlock) parent);
            int index = children.indexOf(name);
            children.remove(index);
            children.add(index, name, replacement);
        } else {
            throw new IllegalStateException(
                    "cannot rewrite the children of block '"
                            + (parentPath.isEmpty() ? "<root>" : parentPath)
                            + "' ("
                            + parent.getClass().getName()
                            + "): it is neither a SequentialBlock, a ParallelBlock nor a"
                            + " RewritableBlock");
        }
    }

    /**
     * Initialises a freshly inserted block when the tree around it is already initialised, so that
     * existing weights stay as they are and the tree stays initialised.
     *
     * @param block the new block
     * @param like a parameter of the replaced block whose array gives manager and data type
     * @param inputShapes the input shapes of the replaced block
     */
    static void initializeLike(Block block, Parameter like, Shape[] inputShapes) {
        NDManager manager = like.getArray().getManager();
        DataType dataType = like.getArray().getDataType();
        block.initialize(manager, dataType, inputShapes);
    }

    private static String join(String path, String name) {
        return path.isEmpty() ? name : path + "/" + name;
    }

    /** Maps a block at a path to its replacement. */
    @FunctionalInterface
    public interface Replacer {

        /**
         * Returns the replacement of a block, or the block itself to keep it.
         *
         * @param path the block's path
         * @param block the block
         * @return the replacement or {@code block}
         */
        Block replace(String path, Block block);
    }
}
