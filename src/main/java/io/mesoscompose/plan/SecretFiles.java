package io.mesoscompose.plan;

import com.google.protobuf.ByteString;
import io.mesoscompose.compose.model.ComposeProject;
import io.mesoscompose.compose.model.ContainerType;
import io.mesoscompose.compose.model.SecretDef;
import io.mesoscompose.compose.model.SecretMount;
import io.mesoscompose.compose.model.Service;
import io.mesoscompose.compose.model.VaultRef;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.mesos.v1.Protos.Secret;
import org.apache.mesos.v1.Protos.Volume;

/**
 * A service's {@code secrets:} (Vault secrets delivered as files, {@code /run/secrets/<name>} by default).
 *
 * <p>Mesos delivers a secret as a file only with its own containerizer (a SECRET volume, the {@code volume/secret}
 * isolator); the Docker containerizer cannot. So for container_type mesos each mount becomes a read-only SECRET
 * volume whose value is filled in by {@link TaskFactory} at launch; for Docker and none the mount is reported and
 * dropped (environment {@code vault://} references work everywhere).
 *
 * <p>The references travel in {@link ServicePlan#secretEnv()} keyed by the file's absolute path — environment
 * variable names never contain {@code /} — so the scheduler resolves them like every other secret.
 */
final class SecretFiles {
    private SecretFiles() {}

    static boolean isFile(String secretKey) {
        return secretKey.startsWith("/");
    }

    /** File target → Vault reference, for the mounts this container type can deliver. */
    static Map<String, VaultRef> refs(ComposeProject project, Service s, ContainerType type, Warnings warnings) {
        Map<String, VaultRef> refs = new LinkedHashMap<>();
        if (s.secrets().isEmpty()) {
            return refs;
        }
        if (type != ContainerType.MESOS) {
            // An error, not a warning: the task would start without files it expects.
            warnings.error("secrets", "secret files need container_type mesos (the " + type.name().toLowerCase(
                    java.util.Locale.ROOT) + " container type cannot mount Mesos secrets): "
                    + s.secrets().stream().map(SecretMount::source).toList() + " cannot be delivered",
                    "use container_type: mesos, or environment: KEY: vault://<path>:<key>");
            return refs;
        }
        for (SecretMount m : s.secrets()) {
            Optional<VaultRef> ref = Optional.ofNullable(project.secrets().get(m.source())).flatMap(SecretDef::vault);
            if (ref.isEmpty()) {
                warnings.add("secrets", "secret " + m.source() + " has no Vault source; not mounted", null);
                continue;
            }
            if (m.uid().isPresent() || m.gid().isPresent() || m.mode().isPresent()) {
                warnings.add("secrets", "uid, gid and mode of secret " + m.source() + " are not supported by Mesos "
                        + "secret volumes; ignored", null);
            }
            refs.put(m.target(), ref.get());
        }
        return refs;
    }

    /** Read-only SECRET volumes; their value is empty until {@link TaskFactory} puts the resolved secret in. */
    static List<Volume> volumes(Map<String, VaultRef> secretRefs) {
        return secretRefs.keySet().stream().filter(SecretFiles::isFile).map(path -> volume(path, ByteString.EMPTY)).toList();
    }

    static Volume volume(String path, ByteString data) {
        return Volume.newBuilder().setContainerPath(path).setMode(Volume.Mode.RO)
                .setSource(Volume.Source.newBuilder().setType(Volume.Source.Type.SECRET)
                        .setSecret(Secret.newBuilder().setType(Secret.Type.VALUE)
                                .setValue(Secret.Value.newBuilder().setData(data))))
                .build();
    }
}
