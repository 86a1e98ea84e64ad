package io.mesoscompose.simulator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The operator endpoints' JSON: a subset of the master's {@code /state} and {@code /master/frameworks}. */
final class OperatorView {

    private static final ObjectMapper JSON = new ObjectMapper();

    private OperatorView() {}

    static String state(ClusterState c) {
        synchronized (c) {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("version", "1.11.0");
            out.put("frameworks", frameworkList(c));
            List<Map<String, Object>> agents = new ArrayList<>();
            for (SimAgent a : c.agents.values()) {
                if (c.agentHealth.get(a.id()) == ClusterState.AgentHealth.ACTIVE) {
                    agents.add(Map.of("id", a.id(), "hostname", a.hostname(), "attributes", a.attributes(),
                            "resources", Map.of("cpus", a.cpus(), "mem", a.memMb(), "disk", a.diskMb(),
                                    "ports", "[" + a.portsBegin() + "-" + a.portsEnd() + "]")));
                }
            }
            out.put("slaves", agents);
            return write(out);
        }
    }

    static String frameworks(ClusterState c) {
        synchronized (c) {
            return write(Map.of("frameworks", frameworkList(c)));
        }
    }

    private static List<Map<String, Object>> frameworkList(ClusterState c) {
        List<Map<String, Object>> list = new ArrayList<>();
        for (SimFramework f : c.frameworks.values()) {
            if (f.removed) {
                continue;
            }
            List<Map<String, Object>> tasks = new ArrayList<>();
            for (SimTask t : c.tasksOf(f.id)) {
                tasks.add(Map.of("id", t.id(), "name", t.info.getName(), "state", t.state.name(),
                        "slave_id", t.agentId, "framework_id", f.id));
            }
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", f.id);
            m.put("name", f.info.getName());
            m.put("active", f.connected());
            m.put("webui_url", f.info.getWebuiUrl());
            m.put("roles", f.roles());
            m.put("tasks", tasks);
            list.add(m);
        }
        return list;
    }

    private static String write(Object o) {
        try {
            return JSON.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
