/** CIFAR-10 from the official binary files in a local folder, as a seeded DJL dataset. */
package ai.acosp.data.cifar;
