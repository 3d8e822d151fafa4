/**
 * Throughput measurement of the data pipeline. Running it needs a DJL engine on the class path (the
 * PyTorch engine is a test dependency of this module and a dependency of acosp-train).
 */
package ai.acosp.data.bench;
