package io.mesoscompose.scheduler;

import static io.mesoscompose.scheduler.Fixtures.offer;
import static io.mesoscompose.scheduler.Fixtures.scalar;
import static org.assertj.core.api.Assertions.assertThat;

import io.mesoscompose.compose.model.RestartPolicy;
import io.mesoscompose.plan.ServicePlan;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.mesos.v1.Protos.Offer;
import org.apache.mesos.v1.Protos.Resource;
import org.junit.jupiter.api.Test;

/**
 * What a task may take of an offer, as the master checks it: contained in the offer in Mesos' fixed point (Apache
 * Mesos src/common/values.cpp), never a part of a MOUNT or BLOCK disk, a persistent volume or a shared resource
 * (src/v1/resources.cpp {@code subtractable}), gpus whole (src/common/validation.cpp {@code validateGpus}).
 */
class ResourcePoolTest {

    private static ServicePlan needing(double cpus, double disk, int gpus, int replicas) {
        ServicePlan p = Fixtures.plan("web", "api", replicas, ServicePlan.Lifecycle.SERVICE,
                RestartPolicy.of(RestartPolicy.Condition.ALWAYS), cpus, 16, List.of(), List.of(), List.of(), "fp");
        return new ServicePlan(p.project(), p.service(), p.taskName(), p.replicas(), p.lifecycle(), p.restart(),
                p.constraints(), p.dependsOn(), p.update(), new ServicePlan.ResourceNeeds(cpus, 16, disk, gpus),
                p.hostPorts(), p.template(), p.secretEnv(), p.fingerprint());
    }

    private static OfferMatcher.Result match(Offer offer, ServicePlan plan) {
        List<OfferMatcher.Pending> pending = new ArrayList<>();
        for (int i = 0; i < plan.replicas(); i++) {
            pending.add(new OfferMatcher.Pending(new Slot("web", "api", i), plan, 0));
        }
        return OfferMatcher.match(List.of(offer), pending, Map.of());
    }

    private static Offer with(Offer o, Resource... extra) {
        return o.toBuilder().addAllResources(List.of(extra)).build();
    }

    private static Resource disk(double mb, Resource.DiskInfo disk) {
        return scalar("disk", mb).toBuilder().setDisk(disk).build();
    }

    private static double taken(OfferMatcher.Launch l, String name) {
        return l.resources().stream().filter(r -> r.getName().equals(name)).mapToDouble(r -> r.getScalar().getValue()).sum();
    }

    // 0.0005 cpus is 0.001 to the master (llround): two such tasks do not fit into 0.001.
    @Test
    void aNeedCountsAsTheMasterCountsIt() {
        var result = match(offer("a1", 0.001, 1024), needing(0.0005, 0, 0, 2));
        assertThat(result.launches()).hasSize(1);
        assertThat(result.reasons()).hasSize(1);
    }

    @Test
    void tenthsOfACpuFillAnOfferExactlyAndEachPieceIsAThousandthMultiple() {
        var result = match(offer("a1", 1.0, 1024), needing(0.1, 0, 0, 11));
        assertThat(result.launches()).hasSize(10);
        assertThat(result.launches()).allSatisfy(l -> assertThat(taken(l, "cpus")).isEqualTo(0.1));
        assertThat(result.reasons().get(new Slot("web", "api", 10))).startsWith("no offer with 0.10 cpus (largest 0)");
    }

    @Test
    void theSandboxDiskComesFromTheRootDiskNeverFromAMountDisk() {
        Resource mount = disk(10000, Resource.DiskInfo.newBuilder().setSource(Resource.DiskInfo.Source.newBuilder()
                .setType(Resource.DiskInfo.Source.Type.MOUNT)
                .setMount(Resource.DiskInfo.Source.Mount.newBuilder().setRoot("/mnt/disk1"))).build());
        var result = match(with(offer("a1", 4, 1024), scalar("disk", 500), mount), needing(1, 1000, 0, 1));
        assertThat(result.launches()).isEmpty();
        assertThat(result.reasons().get(new Slot("web", "api", 0))).startsWith("no offer with 1000 MB disk (largest 500)");

        var fits = match(with(offer("a1", 4, 1024), mount, scalar("disk", 2000)), needing(1, 1000, 0, 1));
        assertThat(fits.launches()).singleElement().satisfies(l -> {
            assertThat(taken(l, "disk")).isEqualTo(1000.0);
            assertThat(l.resources()).noneMatch(r -> r.hasDisk());
        });
    }

    @Test
    void aPersistentVolumeOrASharedResourceIsNeverTaken() {
        Resource volume = disk(5000, Resource.DiskInfo.newBuilder()
                .setPersistence(Resource.DiskInfo.Persistence.newBuilder().setId("pg-data")).build());
        Resource shared = scalar("cpus", 8).toBuilder().setShared(Resource.SharedInfo.getDefaultInstance()).build();
        var result = match(with(offer("a1", 0.5, 1024), scalar("disk", 200), volume, shared), needing(1, 1000, 0, 1));
        assertThat(result.launches()).isEmpty();
        assertThat(ResourcePool.divisible(volume)).isFalse();
        assertThat(ResourcePool.divisible(shared)).isFalse();
    }

    @Test
    void gpusAreTakenWhole() {
        var result = match(with(offer("a1", 4, 1024), scalar("gpus", 2)), needing(1, 0, 1, 3));
        assertThat(result.launches()).hasSize(2).allSatisfy(l -> assertThat(taken(l, "gpus")).isEqualTo(1.0));
        assertThat(result.reasons().get(new Slot("web", "api", 2))).startsWith("no offer with 1 gpus");
    }

    @Test
    void takenPiecesKeepTheOfferedRoleAndAllocationInfo() {
        Resource reserved = scalar("cpus", 0.5).toBuilder()
                .setAllocationInfo(Resource.AllocationInfo.newBuilder().setRole("mc"))
                .addReservations(Resource.ReservationInfo.newBuilder().setType(Resource.ReservationInfo.Type.STATIC)
                        .setRole("mc")).build();
        Offer o = offer("a1", 0.25, 1024).toBuilder().addResources(reserved).build();
        ResourcePool pool = new ResourcePool(o);
        assertThat(pool.scalar("cpus")).isEqualTo(ScalarValue.of(0.75));
        List<Resource> taken = pool.takeScalar("cpus", ScalarValue.of(0.6));
        assertThat(taken).extracting(r -> r.getScalar().getValue()).containsExactly(0.25, 0.35);
        assertThat(taken.get(1).getReservationsList()).isEqualTo(reserved.getReservationsList());
        assertThat(pool.scalar("cpus")).isEqualTo(ScalarValue.of(0.15));
        assertThat(Optional.of(taken.get(1).getAllocationInfo().getRole())).contains("mc");
    }
}
