package io.mesoscompose.compose.model;

import java.util.OptionalInt;

/**
 * The Go mesos-compose's {@code gpus:} mapping ({@code driver: nvidia|amd}, {@code device: N}), which its docs
 * (docs/src/gpus.md) turn into Docker options: {@code --gpus device=N} for NVIDIA; {@code --device=/dev/kfd},
 * {@code --device=/dev/dri}, {@code --security-opt seccomp=unconfined} for AMD. (Compose's own {@code gpus:} is a
 * list or {@code all}: a different form of the same key.)
 *
 * @param device the GPU's ID or number (NVIDIA only)
 */
public record Gpus(Driver driver, OptionalInt device) {
    public enum Driver { NVIDIA, AMD }
}
