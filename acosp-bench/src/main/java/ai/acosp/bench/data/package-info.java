/**
 * Throughput measurement of the data pipeline ({@code acosp-data}'s loaders), on the PyTorch engine
 * that {@code acosp-train} brings.
 */
package ai.acosp.bench.data;
