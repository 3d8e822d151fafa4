/**
 * This project's networks by name ({@link ai.acosp.models.Architecture}); the networks themselves
 * live in {@code pspnet}, {@code segnet} and {@code resnet}, their building blocks in {@code nn}.
 */
package ai.acosp.models;
