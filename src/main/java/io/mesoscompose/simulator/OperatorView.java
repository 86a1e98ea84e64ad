package io.mesoscompose.simulator;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mesoscompose.simulator.validation.MesosResources;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apache.mesos.v1.Protos.FrameworkInfo.Capability;
import org.apache.mesos.v1.Protos.Resource;
import org.apache.mesos.v1.Protos.TaskStatus;

/**
 * The master's operator endpoints ({@code /master/state}, {@code /master/frameworks}, {@code /master/slaves},
 * {@code /master/tasks}, also without the {@code /master} prefix) with the field names of the real master's JSON
 * (src/master/readonly_handler.cpp, src/common/http.cpp): what the Mesos CLI and the web UI read. Built under the
 * cluster lock; written out after it (the tree holds strings and numbers, not the cluster's objects), so that
 * writing 80 MB of JSON for 100,000 tasks does not hold up the simulated master.
 */
final class OperatorView {

    /** The master's {@code TASK_LIMIT}: what {@code /tasks} returns without a {@code limit}. */
    static final int TASK_LIMIT = 100;
    static final String VERSION = "1.11.0";
    /** The capabilities a Mesos 1.11 agent announces. */
    static final List<String> AGENT_CAPABILITIES = List.of("MULTI_ROLE", "HIERARCHICAL_ROLE",
            "RESERVATION_REFINEMENT", "RESOURCE_PROVIDER", "RESIZE_VOLUME", "AGENT_OPERATION_FEEDBACK",
            "AGENT_DRAINING", "TASK_RESOURCE_LIMITS");

    private OperatorView() {}

    /** Where this master answers, for the {@code pid}s: {@code master@host:port}, {@code slave(N)@host:port}. */
    record Address(String masterId, String host, int port) {
        String pid(String process) {
            return process + "@" + host + ":" + port;
        }
    }

    static byte[] state(ClusterState c, Address at) {
        ObjectNode out = MesosJson.object();
        MesosJson.Printed printed = new MesosJson.Printed();
        synchronized (c) {
            out.put("version", VERSION);
            out.put("build_date", "2020-11-20 13:15:04");
            out.put("build_time", 1605878104.0);
            out.put("build_user", "simulator");
            out.put("start_time", MesosJson.secs(c.started));
            out.put("elected_time", MesosJson.secs(c.started));
            out.put("id", at.masterId());
            out.put("pid", at.pid("master"));
            out.put("hostname", at.host());
            out.putArray("capabilities").add("AGENT_UPDATE").add("AGENT_DRAINING").add("QUOTA_V2");
            long active = c.agents().stream().filter(a -> a.health() == SimAgentState.Health.ACTIVE).count();
            long unreachable = c.agents().stream().filter(a -> a.health() == SimAgentState.Health.UNREACHABLE).count();
            out.put("activated_slaves", (double) active);
            out.put("deactivated_slaves", 0.0);
            out.put("unreachable_slaves", (double) unreachable);
            out.put("leader", at.pid("master"));
            ObjectNode leader = out.putObject("leader_info");
            leader.put("id", at.masterId());
            leader.put("pid", at.pid("master"));
            leader.put("port", at.port());
            leader.put("hostname", at.host());
            out.set("slaves", slaveList(c, at));
            out.putArray("recovered_slaves");
            out.set("frameworks", frameworkList(c, false, printed));
            out.set("completed_frameworks", frameworkList(c, true, printed));
            out.putArray("orphan_tasks");
            out.putArray("unregistered_frameworks");
        }
        return MesosJson.write(out);
    }

    static byte[] frameworks(ClusterState c, Map<String, String> query) {
        ObjectNode out = MesosJson.object();
        MesosJson.Printed printed = new MesosJson.Printed();
        synchronized (c) {
            Optional<String> only = Optional.ofNullable(query.get("framework_id"));
            out.set("frameworks", filtered(frameworkList(c, false, printed), only));
            out.set("completed_frameworks", filtered(frameworkList(c, true, printed), only));
            out.putArray("unregistered_frameworks");
        }
        return MesosJson.write(out);
    }

    static byte[] slaves(ClusterState c, Address at, Map<String, String> query) {
        ObjectNode out = MesosJson.object();
        synchronized (c) {
            Optional<String> only = Optional.ofNullable(query.get("slave_id"));
            out.set("slaves", only.map(id -> slave(c, at, id)).orElseGet(() -> slaveList(c, at)));
            out.putArray("recovered_slaves");
        }
        return MesosJson.write(out);
    }

    /**
     * {@code /tasks}: live, unreachable and completed tasks of every framework, sorted by their first status'
     * time ({@code order=asc}, else descending), then {@code offset} and {@code limit} (default 100; -1: all).
     */
    static byte[] tasks(ClusterState c, Map<String, String> query) {
        ObjectNode out = MesosJson.object();
        MesosJson.Printed printed = new MesosJson.Printed();
        synchronized (c) {
            Optional<String> framework = Optional.ofNullable(query.get("framework_id"));
            Optional<String> taskId = Optional.ofNullable(query.get("task_id"));
            List<SimTask> all = new ArrayList<>();
            for (SimFramework f : c.frameworks()) {
                if (framework.isPresent() && !framework.get().equals(f.id)) {
                    continue;
                }
                all.addAll(c.tasksOf(f.id));
                all.addAll(f.completedTasks());
            }
            all.removeIf(t -> taskId.isPresent() && !taskId.get().equals(t.id()));
            Comparator<SimTask> byTime = Comparator.comparingDouble(t -> t.statuses().stream().findFirst()
                    .map(TaskStatus::getTimestamp).orElse(0.0));
            all.sort("asc".equals(query.get("order")) ? byTime : byTime.reversed());
            long limit = number(query.get("limit")).orElse((long) TASK_LIMIT);
            long offset = number(query.get("offset")).orElse(0L);
            if (limit < 0) {
                limit = Long.MAX_VALUE; // as size_t: -1 is "everything"
            }
            ArrayNode tasks = MesosJson.NODES.arrayNode();
            all.stream().skip(Math.max(0, offset)).limit(limit).forEach(t -> tasks.add(MesosJson.task(t, printed)));
            out.set("tasks", tasks);
        }
        return MesosJson.write(out);
    }

    private static Optional<Long> number(String text) {
        try {
            return text == null ? Optional.empty() : Optional.of(Long.parseLong(text.trim()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static ArrayNode filtered(ArrayNode list, Optional<String> id) {
        if (id.isEmpty()) {
            return list;
        }
        ArrayNode out = MesosJson.NODES.arrayNode();
        list.forEach(n -> {
            if (n.path("id").asText().equals(id.get())) {
                out.add(n);
            }
        });
        return out;
    }

    /** {@code SlaveWriter} for each registered (reachable) agent. */
    private static ArrayNode slaveList(ClusterState c, Address at) {
        ArrayNode list = MesosJson.NODES.arrayNode();
        // Grouped once: with 10,000 agents and 100,000 tasks, a scan per agent would hold the cluster for minutes.
        Map<String, List<SimTask>> tasksByAgent = c.allTasks().stream().collect(Collectors.groupingBy(t -> t.agentId));
        Map<String, List<SimOffer>> offersByAgent = c.offersWhere(o -> true).stream()
                .collect(Collectors.groupingBy(SimOffer::agentId));
        for (SimAgentState a : c.agents()) {
            if (a.health() == SimAgentState.Health.ACTIVE) {
                list.add(slaveWriter(a, at, tasksByAgent.getOrDefault(a.id(), List.of()),
                        offersByAgent.getOrDefault(a.id(), List.of())));
            }
        }
        return list;
    }

    /** {@code ?slave_id=}: that agent alone when it is registered (and reachable), else none; the others unbuilt. */
    private static ArrayNode slave(ClusterState c, Address at, String id) {
        ArrayNode list = MesosJson.NODES.arrayNode();
        c.agent(id).filter(a -> a.health() == SimAgentState.Health.ACTIVE).ifPresent(a -> list.add(slaveWriter(a, at,
                c.tasksOn(id), c.offersWhere(o -> o.agentId().equals(id)))));
        return list;
    }

    /** {@code SlaveWriter}: one agent with what its tasks use and its offers hold. */
    private static ObjectNode slaveWriter(SimAgentState a, Address at, List<SimTask> tasks, List<SimOffer> offers) {
        ObjectNode s = MesosJson.object();
        s.put("id", a.id());
        s.put("hostname", a.agent.hostname());
        s.put("port", at.port());
        ObjectNode attributes = s.putObject("attributes");
        a.agent.attributes().forEach(attributes::put);
        s.put("pid", at.pid(a.processId()));
        s.put("registered_time", MesosJson.secs(a.registered));
        MesosResources total = a.agent.resources();
        MesosResources offered = offers.stream().map(SimOffer::resources)
                .reduce(MesosResources.EMPTY, MesosResources::plus);
        MesosResources used = tasks.stream().filter(t -> !t.terminal()).map(t -> t.resources)
                .reduce(MesosResources.EMPTY, MesosResources::plus);
        s.set("resources", MesosJson.resources(total.toList()));
        s.set("used_resources", MesosJson.resources(used.toList()));
        s.set("offered_resources", MesosJson.resources(offered.toList()));
        ObjectNode reserved = s.putObject("reserved_resources");
        if (!a.agent.role().equals("*")) {
            reserved.set(a.agent.role(), MesosJson.resources(total.toList()));
        }
        s.set("unreserved_resources", MesosJson.resources(
                total.filter(r -> r.getReservationsCount() == 0).toList()));
        s.put("active", true);
        s.put("deactivated", false);
        s.put("version", VERSION);
        ArrayNode capabilities = s.putArray("capabilities");
        AGENT_CAPABILITIES.forEach(capabilities::add);
        return s;
    }

    /** {@code FullFrameworkWriter} for each framework (or each removed one, for {@code completed_frameworks}). */
    private static ArrayNode frameworkList(ClusterState c, boolean completed, MesosJson.Printed printed) {
        ArrayNode list = MesosJson.NODES.arrayNode();
        for (SimFramework f : c.frameworks()) {
            if (f.removed() != completed) {
                continue;
            }
            ObjectNode m = list.addObject();
            List<SimTask> live = completed ? List.of() : c.tasksOf(f.id);
            List<SimTask> unreachable = live.stream().filter(t -> c.agent(t.agentId)
                    .map(a -> a.health() == SimAgentState.Health.UNREACHABLE).orElse(false)).toList();
            List<SimOffer> offers = c.offersWhere(o -> o.frameworkId().equals(f.id));
            MesosResources used = live.stream().filter(t -> !t.terminal()).map(t -> t.resources)
                    .reduce(MesosResources.EMPTY, MesosResources::plus);
            MesosResources offered = offers.stream().map(SimOffer::resources)
                    .reduce(MesosResources.EMPTY, MesosResources::plus);
            m.put("id", f.id);
            m.put("name", f.info().getName());
            m.set("used_resources", MesosJson.resources(used.toList()));
            m.set("offered_resources", MesosJson.resources(offered.toList()));
            ArrayNode capabilities = m.putArray("capabilities");
            f.info().getCapabilitiesList().forEach(cap -> capabilities.add(cap.getType().name()));
            m.put("hostname", f.info().getHostname());
            m.put("webui_url", f.info().getWebuiUrl());
            m.put("active", f.connected() && !f.removed());
            m.put("connected", f.connected());
            m.put("recovered", false);
            m.put("user", f.info().getUser());
            m.put("failover_timeout", f.info().getFailoverTimeout());
            m.put("checkpoint", f.info().getCheckpoint());
            m.put("registered_time", MesosJson.secs(f.registered));
            m.put("unregistered_time", f.unregistered().map(MesosJson::secs).orElse(0.0));
            if (f.info().hasPrincipal()) {
                m.put("principal", f.info().getPrincipal());
            }
            m.set("resources", MesosJson.resources(used.plus(offered).toList()));
            f.reregistered().ifPresent(t -> m.put("reregistered_time", MesosJson.secs(t)));
            if (f.hasCapability(Capability.Type.MULTI_ROLE)) {
                ArrayNode roles = m.putArray("roles");
                f.info().getRolesList().forEach(roles::add);
            } else {
                m.put("role", f.info().getRole());
            }
            ArrayNode tasks = m.putArray("tasks");
            live.stream().filter(t -> !unreachable.contains(t)).forEach(t -> tasks.add(MesosJson.task(t, printed)));
            ArrayNode unreachableTasks = m.putArray("unreachable_tasks");
            unreachable.forEach(t -> unreachableTasks.add(MesosJson.task(t, printed)));
            ArrayNode completedTasks = m.putArray("completed_tasks");
            f.completedTasks().forEach(t -> completedTasks.add(MesosJson.task(t, printed)));
            ArrayNode offerList = m.putArray("offers");
            for (SimOffer o : offers) {
                ObjectNode offer = offerList.addObject();
                offer.put("id", o.id());
                offer.put("framework_id", o.frameworkId());
                offer.putObject("allocation_info").put("role", o.role());
                offer.put("slave_id", o.agentId());
                offer.set("resources", MesosJson.resources(o.resources().toList()));
            }
            ArrayNode executors = m.putArray("executors");
            for (SimAgentState a : c.agents()) {
                for (SimExecutor e : a.executorsOf(f.id)) {
                    if (e.generated) {
                        continue; // the master tracks only the framework's own executors
                    }
                    ObjectNode x = executors.addObject();
                    x.put("executor_id", e.id());
                    x.put("name", e.info.getName());
                    x.put("framework_id", f.id);
                    x.set("command", printed.of(e.info.getCommand()));
                    x.set("resources", MesosJson.resources(e.resources.toList()));
                    List<Resource> rs = e.resources.toList();
                    if (!rs.isEmpty()) {
                        x.put("role", rs.get(0).getAllocationInfo().getRole());
                    }
                    x.put("slave_id", a.id());
                }
            }
            if (f.info().hasLabels()) {
                m.set("labels", MesosJson.labels(f.info().getLabels(), printed));
            }
            m.putObject("offer_constraints");
        }
        return list;
    }
}
