package io.mesoscompose.compose;

import static org.assertj.core.api.Assertions.assertThat;

import io.mesoscompose.compose.model.VolumeMount;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** What a volume entry says beyond source and target is kept, or said to be dropped (compose-go format/volume.go). */
class VolumeSyntaxTest {

    @Test
    void shortSyntaxModesAreKept() {
        var volumes = ServiceFieldsTest.ok("volumes: [\"/srv/a:/a:ro,z\", \"/srv/b:/b:rshared\", \"data:/d:nocopy\"]",
                "volumes: {data: {}}\n").volumes();
        assertThat(volumes).extracting(VolumeMount::options).containsExactly(
                new VolumeMount.Options(Optional.empty(), Optional.of("z"), false, OptionalLong.empty(), OptionalInt.empty()),
                new VolumeMount.Options(Optional.of("rshared"), Optional.empty(), false, OptionalLong.empty(),
                        OptionalInt.empty()),
                new VolumeMount.Options(Optional.empty(), Optional.empty(), true, OptionalLong.empty(), OptionalInt.empty()));
        assertThat(volumes.get(0).readOnly()).isTrue();
    }

    @Test
    void longSyntaxBindVolumeAndTmpfsOptionsAreKept() {
        var volumes = ServiceFieldsTest.ok("""
                volumes:
                  - {type: bind, source: /srv, target: /srv, bind: {propagation: rslave, selinux: Z}}
                  - {type: volume, source: data, target: /d, volume: {nocopy: true}}
                  - {type: tmpfs, target: /run, tmpfs: {size: 1g, mode: 1777}}
                """, "volumes: {data: {}}\n").volumes();
        assertThat(volumes.get(0).options().propagation()).contains("rslave");
        assertThat(volumes.get(0).options().selinux()).contains("Z");
        assertThat(volumes.get(1).options().nocopy()).isTrue();
        assertThat(volumes.get(2).options().tmpfsSizeBytes()).hasValue(1L << 30);
        assertThat(volumes.get(2).options().tmpfsMode()).hasValue(01777);
    }

    @Test
    void whatHasNoEffectIsSaidAndWhatCannotBeHonouredIsRefused() {
        LoadResult r = ServiceFieldsTest.service("volumes: [\"/srv/a:/a:cached\", \"/srv/b:/b:nocopy\"]");
        assertThat(r.diagnostics()).map(Diagnostic::toString).containsExactly(
                "c.yml:4:15: warning: service \"s\": volumes[0]: ignored: \"cached\" only matters to Docker Desktop",
                "c.yml:4:35: warning: service \"s\": volumes[1]: ignored: \"nocopy\" applies to named volumes, not to"
                        + " bind mounts");
        assertThat(ServiceFieldsTest.service("volumes: [{type: volume, source: d, target: /d, volume: {subpath: x}}]",
                "volumes: {d: {}}\n").diagnostics()).singleElement().hasToString("c.yml:4:71: error: service \"s\":"
                + " volumes[0].volume.subpath: not supported: Mesos mounts a named volume whole (mount the volume at a"
                + " path and use the sub-directory from there)");
    }

    @Test
    void aBareMemoryNumberIsMegabytesUnlessOnlyBytesMakeSense() {
        // the Go project's meaning below 1 MiB; from there on a number of bytes, as compose means it, with a warning
        assertThat(ServiceFieldsTest.ok("mem_limit: 50").deploy().limits().memoryMb()).hasValue(50);
        LoadResult r = ServiceFieldsTest.service("deploy: {resources: {limits: {memory: 1073741824}}}");
        assertThat(r.project().orElseThrow().services().get("s").deploy().limits().memoryMb()).hasValue(1024);
        assertThat(r.diagnostics()).singleElement().hasToString("c.yml:4:43: warning: service \"s\":"
                + " deploy.resources.limits.memory: 1073741824 is taken as bytes (1024 MB): a bare number means MB"
                + " below 1048576, as in the Go mesos-compose (write the unit, e.g. 512m or 1g)");
        assertThat(ServiceFieldsTest.ok("mem_limit: 1g").deploy().limits().memoryMb()).hasValue(1024);
    }
}
