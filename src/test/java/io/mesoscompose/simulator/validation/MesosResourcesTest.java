package io.mesoscompose.simulator.validation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.mesos.v1.Protos.Resource;
import org.apache.mesos.v1.Protos.Resource.DiskInfo;
import org.apache.mesos.v1.Protos.Resource.ReservationInfo;
import org.apache.mesos.v1.Protos.Value;
import org.apache.mesos.v1.Protos.Volume;
import org.junit.jupiter.api.Test;

/** Mesos' resource arithmetic and text (src/v1/resources.cpp, src/v1/values.cpp), as the simulator does it. */
class MesosResourcesTest {

    static Resource scalar(String name, double value) {
        return Resource.newBuilder().setName(name).setType(Value.Type.SCALAR)
                .setScalar(Value.Scalar.newBuilder().setValue(value)).build();
    }

    static Resource ports(long... bounds) {
        Value.Ranges.Builder r = Value.Ranges.newBuilder();
        for (int i = 0; i < bounds.length; i += 2) {
            r.addRange(Value.Range.newBuilder().setBegin(bounds[i]).setEnd(bounds[i + 1]));
        }
        return Resource.newBuilder().setName("ports").setType(Value.Type.RANGES).setRanges(r).build();
    }

    static MesosResources of(Resource... rs) {
        return MesosResources.of(List.of(rs));
    }

    // Mesos: src/v1/values.cpp, convertToFixed / operator<= on Value::Scalar
    @Test
    void scalarsAreComparedAndSummedWithThreeDecimals() {
        assertThat(of(scalar("cpus", 2)).contains(of(scalar("cpus", 2.0004)))).isTrue();
        assertThat(of(scalar("cpus", 2)).contains(of(scalar("cpus", 2.0006)))).isFalse();
        MesosResources sum = of(scalar("cpus", 0.1)).plus(of(scalar("cpus", 0.2)));
        assertThat(sum.scalar("cpus")).contains(0.3);
        assertThat(of(scalar("cpus", 1)).minus(of(scalar("cpus", 0.9))).toString()).isEqualTo("cpus:0.1");
    }

    // Mesos: src/v1/resources.cpp, Resources constructor ("Invalid and zero Resource objects will be ignored")
    @Test
    void emptyAndInvalidResourcesAreLeftOut() {
        assertThat(of(scalar("cpus", 0), scalar("mem", -1), ports()).isEmpty()).isTrue();
    }

    // Mesos: src/v1/values.cpp, Ranges arithmetic (coalesce, subtract)
    @Test
    void portRangesAreTakenAndGivenBackExactly() {
        MesosResources all = of(ports(31000, 31009));
        MesosResources left = all.minus(of(ports(31002, 31003)));
        assertThat(left.toString()).isEqualTo("ports:[31000-31001, 31004-31009]");
        assertThat(left.contains(of(ports(31002, 31002)))).isFalse();
        assertThat(left.plus(of(ports(31002, 31003)))).isEqualTo(all);
        assertThat(all.contains(of(ports(31000, 31000, 31009, 31009)))).isTrue();
    }

    static Resource mount(double size) {
        return scalar("disk", size).toBuilder().setDisk(DiskInfo.newBuilder().setSource(DiskInfo.Source.newBuilder()
                .setType(DiskInfo.Source.Type.MOUNT).setMount(DiskInfo.Source.Mount.newBuilder().setRoot("/mnt/a"))))
                .build();
    }

    // Mesos: src/v1/resources.cpp, internal::addable / subtractable (MOUNT disks are exclusive)
    @Test
    void aMountDiskIsNeverSplitNorMerged() {
        MesosResources disk = of(mount(1000));
        assertThat(disk.contains(of(mount(500)))).isFalse();
        assertThat(disk.contains(of(mount(1000)))).isTrue();
        assertThat(disk.minus(of(mount(500)))).isEqualTo(disk);
        assertThat(of(mount(1000), mount(1000)).toList()).hasSize(2);
        assertThat(disk.toString()).isEqualTo("disk[MOUNT:/mnt/a]:1000");
    }

    static Resource volume(String id) {
        return scalar("disk", 100).toBuilder()
                .addReservations(ReservationInfo.newBuilder().setType(ReservationInfo.Type.DYNAMIC).setRole("db"))
                .setDisk(DiskInfo.newBuilder().setPersistence(DiskInfo.Persistence.newBuilder().setId(id))
                        .setVolume(Volume.newBuilder().setContainerPath("data").setMode(Volume.Mode.RW))).build();
    }

    // Mesos: src/v1/resources.cpp, Resources::contains (a persistent volume counts once)
    @Test
    void aPersistentVolumeIsContainedOnceAndTakenWhole() {
        MesosResources one = of(volume("v1"));
        assertThat(one.contains(of(volume("v1")))).isTrue();
        assertThat(one.contains(of(volume("v1"), volume("v1")))).isFalse();
        assertThat(one.toString()).isEqualTo("disk(reservations: [(DYNAMIC,db)])[v1:data]:100");
    }

    // Mesos: src/v1/resources.cpp, convertResourceFormat: the old role field becomes a reservation
    @Test
    void theOldRoleFieldIsReadAsAStaticReservation() {
        Resource old = scalar("cpus", 1).toBuilder().setRole("web").build();
        assertThat(of(old).toString()).isEqualTo("cpus(reservations: [(STATIC,web)]):1");
        assertThat(of(old).contains(of(scalar("cpus", 1)))).isFalse();
    }

    // Mesos: src/master/validation.cpp, resource::validateDiskInfo
    @Test
    void aPersistentVolumeMustBeReserved() {
        Resource unreserved = volume("v1").toBuilder().clearReservations().build();
        assertThat(ResourceValidation.diskInfo(List.of(unreserved))).map(ValidationError::message)
                .contains("Persistent volumes cannot be created from unreserved resources");
        assertThat(ResourceValidation.uniquePersistenceId(of(volume("v1"))
                .plus(of(volume("v1").toBuilder().setScalar(Value.Scalar.newBuilder().setValue(50)).build()))))
                .map(ValidationError::message).contains("Persistence ID 'v1' is not unique");
    }

    // Mesos: src/v1/resources.cpp, Resources::validate (reservation format)
    @Test
    void aReservationForStarIsInvalid() {
        Resource r = scalar("cpus", 1).toBuilder()
                .addReservations(ReservationInfo.newBuilder().setType(ReservationInfo.Type.STATIC).setRole("*")).build();
        assertThat(ResourceValidation.resource(r)).map(ValidationError::message)
                .contains("Invalid reservation: role \"*\" cannot be reserved");
    }

    // Mesos: src/v1/values.cpp, operator<<(ostream&, const Value::Scalar&)
    @Test
    void scalarsPrintWithoutTrailingZeros() {
        assertThat(MesosText.scalar(1)).isEqualTo("1");
        assertThat(MesosText.scalar(0.5)).isEqualTo("0.5");
        assertThat(MesosText.scalar(0.1 + 0.2)).isEqualTo("0.3");
        assertThat(MesosText.scalar(1024.0004)).isEqualTo("1024");
        assertThat(MesosText.bytes(32L << 20)).isEqualTo("32MB");
        assertThat(MesosText.bytes(1L << 30)).isEqualTo("1GB");
    }
}
