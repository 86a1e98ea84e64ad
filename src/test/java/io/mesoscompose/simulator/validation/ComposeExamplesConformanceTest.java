package io.mesoscompose.simulator.validation;

import static org.assertj.core.api.Assertions.assertThat;

import io.mesoscompose.compose.ComposeLoader;
import io.mesoscompose.compose.LoadRequest;
import io.mesoscompose.compose.LoadResult;
import io.mesoscompose.compose.SourceFile;
import io.mesoscompose.config.FrameworkConfig;
import io.mesoscompose.mesos.ClientConfig;
import io.mesoscompose.plan.PlanSettings;
import io.mesoscompose.plan.Planner;
import io.mesoscompose.plan.ProjectPlan;
import io.mesoscompose.plan.ServicePlan;
import io.mesoscompose.plan.TaskFactory;
import io.mesoscompose.scheduler.OfferMatcher;
import io.mesoscompose.scheduler.Slot;
import io.mesoscompose.simulator.SimAgent;
import io.mesoscompose.testsupport.ComposeExamples;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.mesos.v1.Protos.AgentID;
import org.apache.mesos.v1.Protos.ContainerInfo;
import org.apache.mesos.v1.Protos.FrameworkID;
import org.apache.mesos.v1.Protos.FrameworkInfo;
import org.apache.mesos.v1.Protos.NetworkInfo;
import org.apache.mesos.v1.Protos.Offer;
import org.apache.mesos.v1.Protos.OfferID;
import org.apache.mesos.v1.Protos.Resource;
import org.apache.mesos.v1.Protos.TaskInfo;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every compose file of the repository (the golden files in src/test/resources/compose-examples, its go/ folder,
 * and examples/) yields TaskInfos a real master and agent accept: each file is planned, each replica placed by the
 * real offer matcher on a roomy agent's offer and made by {@link TaskFactory}, and the ACCEPT is checked by the
 * strict simulator's validators ({@link AcceptValidation}) and the agent's ({@link AgentValidation}), as our
 * framework would send it (its FrameworkInfo from the default configuration). The cluster is the one the file is
 * written for: it has the networks the TaskInfo joins by name, provided the plan warned that they must exist.
 */
class ComposeExamplesConformanceTest {

    static final String FRAMEWORK_ID = "conformance-0000";

    /**
     * Golden files written for {@code docker compose} on a laptop that the loader refuses as a whole (relative bind
     * mounts, {@code build:}, file secrets; see compose-examples/README.md): they yield no TaskInfo.
     */
    static final Set<String> REFUSED_BY_THE_LOADER = Set.of(
            "awesome-elasticsearch-logstash-kibana.yaml", "awesome-nginx-golang-postgres-rabbitmq.yaml");

    /** The networks the task joins by name: a Mesos container's CNI networks, a Docker user network. */
    static Set<String> joinedByName(TaskInfo task) {
        Set<String> names = new HashSet<>();
        if (!task.hasContainer()) {
            return names;
        }
        if (task.getContainer().getType() == ContainerInfo.Type.DOCKER) {
            String net = AgentValidation.dockerNetworkName(task);
            if (!AgentValidation.DOCKER_BUILTIN_NETWORKS.contains(net)) {
                names.add(net);
            }
        } else {
            task.getContainer().getNetworkInfosList().stream().filter(NetworkInfo::hasName)
                    .forEach(n -> names.add(n.getName()));
        }
        return names;
    }

    static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new HashSet<>(a);
        all.addAll(b);
        return all;
    }

    /** Golden files by name, and examples/ by path from the repository root. */
    static Stream<String> composeFiles() throws IOException {
        List<String> files = new ArrayList<>(ComposeExamples.names());
        Path go = ComposeExamples.dir().resolve("go");
        if (Files.isDirectory(go)) {
            try (Stream<Path> found = Files.list(go)) {
                found.map(p -> "go/" + p.getFileName()).filter(n -> n.endsWith(".yaml") || n.endsWith(".yml"))
                        .sorted().forEach(files::add);
            }
        }
        Path examples = Path.of("examples");
        if (Files.isDirectory(examples)) {
            try (Stream<Path> found = Files.list(examples)) {
                found.map(Path::toString).filter(n -> n.endsWith(".yaml") || n.endsWith(".yml")).sorted()
                        .forEach(files::add);
            }
        }
        return files.stream();
    }

    static String text(String file) throws IOException {
        return file.startsWith("examples") ? Files.readString(Path.of(file)) : ComposeExamples.text(file);
    }

    /** Roomy agents with every port and a few GPUs, one per architecture, named as the seed's constraints expect. */
    static List<SimAgent> agents() {
        return List.of(
                new SimAgent("agent-amd64", "localhost", 64, 262_144, 1_000_000, 1, 65_535, "*",
                        Map.of("hostname", "localhost", "os", "linux", "arch", "amd64")).withGpus(4),
                new SimAgent("agent-arm", "localhost", 64, 262_144, 1_000_000, 1, 65_535, "*",
                        Map.of("hostname", "localhost", "os", "linux", "arch", "arm")).withGpus(4));
    }

    /** The FrameworkInfo our framework subscribes with under its default settings. */
    static FrameworkInfo framework() {
        FrameworkConfig config = FrameworkConfig.fromEnvironment(Map.of("MESOS_MASTER", "127.0.0.1:5050"));
        ClientConfig client = ClientConfig.from(config.mesos(), "http://127.0.0.1:10000",
                config.tasks().gpuAllocation());
        FrameworkInfo.Builder b = FrameworkInfo.newBuilder().setName(client.frameworkName()).setUser(client.user())
                .addAllRoles(client.roles()).setId(FrameworkID.newBuilder().setValue(FRAMEWORK_ID));
        client.capabilities().forEach(c -> b.addCapabilities(FrameworkInfo.Capability.newBuilder().setType(c)));
        return b.build();
    }

    static Offer offer(SimAgent agent, String role) {
        Offer.Builder o = Offer.newBuilder().setId(OfferID.newBuilder().setValue("offer-" + agent.id()))
                .setFrameworkId(FrameworkID.newBuilder().setValue(FRAMEWORK_ID))
                .setAgentId(AgentID.newBuilder().setValue(agent.id())).setHostname(agent.hostname())
                .setAllocationInfo(Resource.AllocationInfo.newBuilder().setRole(role));
        agent.resources().allocatedTo(role).toList().forEach(o::addResources);
        agent.attributes().forEach((k, v) -> o.addAttributes(org.apache.mesos.v1.Protos.Attribute.newBuilder()
                .setName(k).setType(org.apache.mesos.v1.Protos.Value.Type.TEXT)
                .setText(org.apache.mesos.v1.Protos.Value.Text.newBuilder().setValue(v))));
        return o.build();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("composeFiles")
    void everyReplicaOfTheFileIsATaskTheStrictMasterAndAgentAccept(String file) throws IOException {
        LoadResult loaded = ComposeLoader.load(new LoadRequest(List.of(new SourceFile(Path.of(file).getFileName()
                .toString(), text(file))), Optional.of("test"), Map.of(), f -> Optional.empty()));
        if (REFUSED_BY_THE_LOADER.contains(file)) {
            // no TaskInfo at all: the loader names what a cluster cannot run (file:line:column), nothing is launched
            assertThat(loaded.project()).as(file).isEmpty();
            assertThat(loaded.diagnostics()).anySatisfy(d -> assertThat(d.isError()).isTrue());
            return;
        }
        assertThat(loaded.project()).as("%s loads: %s", file, loaded.diagnostics()).isPresent();
        ProjectPlan plan = Planner.plan(loaded.project().get(), PlanSettings.defaults());
        FrameworkInfo framework = framework();
        String role = framework.getRoles(0);
        List<String> problems = new ArrayList<>();
        for (ServicePlan service : plan.services()) {
            // A network joined by name must exist on the agents, which the plan cannot know: it must say so in a
            // warning; the cluster the file is written for then has it.
            List<String> said = plan.warnings().stream().filter(w -> w.service().equals(Optional.of(service.service())))
                    .map(w -> w.message()).toList();
            for (int replica = 0; replica < Math.max(1, service.replicas()); replica++) {
                problems.addAll(check(service, replica, framework, role, said));
            }
        }
        assertThat(problems).as("TaskInfos of %s refused", file).isEmpty();
    }

    /**
     * Places one replica, makes its TaskInfo and returns what the master or the agent refuses of it. Placement
     * constraints are left out: they choose among agents (attributes such as {@code gpu} that the default agents
     * lack), they do not change the TaskInfo.
     */
    static List<String> check(ServicePlan service, int replica, FrameworkInfo framework, String role,
            List<String> warnings) {
        List<Offer> offers = agents().stream().map(a -> offer(a, role)).toList();
        ServicePlan anywhere = new ServicePlan(service.project(), service.service(), service.taskName(),
                service.replicas(), service.lifecycle(), service.restart(), List.of(), service.dependsOn(),
                service.update(), service.needs(), service.hostPorts(), service.template(), service.secretEnv(),
                service.fingerprint(), service.rollback());
        OfferMatcher.Result match = OfferMatcher.match(offers,
                List.of(new OfferMatcher.Pending(new Slot("test", service.service(), replica), anywhere, 0)), Map.of());
        if (match.launches().isEmpty()) {
            return List.of(service.service() + ": not placed on the default agents: " + match.reasons().values());
        }
        OfferMatcher.Launch l = match.launches().get(0);
        Map<String, String> secrets = new HashMap<>();
        service.secretEnv().keySet().forEach(k -> secrets.put(k, "secret-value"));
        TaskInfo task = TaskFactory.instantiate(service, TaskFactory.newTaskId("test", service.service()),
                l.offer().getAgentId(), l.resources(), l.hostPorts(), secrets);
        Call.Accept accept = Call.Accept.newBuilder().addOfferIds(l.offer().getId())
                .addOperations(Offer.Operation.newBuilder().setType(Offer.Operation.Type.LAUNCH)
                        .setLaunch(Offer.Operation.Launch.newBuilder().addTaskInfos(task))).build();
        OfferView outstanding = new OfferView(l.offer().getId().getValue(), FRAMEWORK_ID,
                l.offer().getAgentId().getValue(), role, MesosResources.of(l.offer().getResourcesList()));
        AcceptValidation.Decision d = AcceptValidation.check(accept, new AcceptValidation.AcceptView(
                new FrameworkView(FRAMEWORK_ID, framework, id -> FrameworkView.TaskIdUse.FREE),
                Map.of(outstanding.id(), outstanding), id -> new AgentView(id, true, Map.of()), true));
        List<String> problems = new ArrayList<>();
        Set<String> networks = joinedByName(task);
        for (String network : networks) {
            if (warnings.stream().noneMatch(w -> w.contains("\"" + network + "\""))) {
                problems.add(service.service() + ": joins network " + network + " without a warning that it must "
                        + "exist on the agents");
            }
        }
        for (AcceptValidation.TaskOutcome outcome : d.outcomes()) {
            switch (outcome) {
                case AcceptValidation.Refused r -> problems.add(service.service() + ": master: " + r.refusal() + ": "
                        + r.message());
                case AcceptValidation.Launch launch -> AgentValidation.launch(launch.task(), framework,
                                new AgentValidation.Host("/sandbox", SimAgent.Host.DEFAULT.users(),
                                        union(SimAgent.Host.DEFAULT.cniNetworks(), networks),
                                        union(SimAgent.Host.DEFAULT.dockerNetworks(), networks)))
                        .ifPresent(f -> problems.add(service.service() + ": agent: " + f.stage() + ": " + f.message()));
            }
        }
        AgentValidation.brokenDockerHealthCheck(task, "mesos-<container>").ifPresent(line -> problems.add(
                service.service() + ": agent: its Docker health check runs `" + String.join(" ", line)
                        + "`, which repeats the program name: the check fails"));
        return problems;
    }
}
