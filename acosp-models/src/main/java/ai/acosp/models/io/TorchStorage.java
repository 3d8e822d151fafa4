package ai.acosp.models.io;

import java.nio.ByteBuffer;
import java.util.function.Supplier;

/** A typed PyTorch storage named by its key in the checkpoint; its bytes are read on demand. */
final class TorchStorage {

    private final TensorType type;
    private final String key;
    private final Supplier<ByteBuffer> bytes;
    private ByteBuffer cached;

    TorchStorage(TensorType type, String key, Supplier<ByteBuffer> bytes) {
        this.type = type;
        this.key = key;
        this.bytes = bytes;
    }

    TensorType getType() {
        return type;
    }

    String getKey() {
        return key;
    }

    /** The storage's little-endian bytes, read once. */
    synchronized ByteBuffer bytes() {
        if (cached == null) {
            cached = bytes.get();
        }
        return cached;
    }

    /** Forgets the bytes once every tensor that needs them has been read. */
    synchronized void release() {
        cached = null;
    }
}
