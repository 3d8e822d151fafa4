/** Benchmarks of compacted models against dense and hard-masked ones. */
package ai.acosp.train.bench;
