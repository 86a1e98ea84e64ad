package io.mesoscompose.scheduler;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;

/**
 * The order in which the agents that may host a service are tried for its next replica. Scoring only: the matcher
 * checks the hard constraints and resources, and tells this order when an agent took a replica ({@link #placed}) or
 * can take none more ({@link #full}). Local to one matching run.
 *
 * <p>{@link #spread}: as Docker Swarm places a service's tasks (swarmkit manager/scheduler: {@code nodeSet.tree},
 * {@code scheduleNTasksOnSubtree}, {@code nodeLess}). First, for each {@code spread: node.labels.<name>} preference
 * in turn, the branch of agents with one value of that label (agents without it form the branch {@code ""}) that
 * holds the fewest replicas of the service, counting those on agents not offered now; then the agent with the fewest
 * replicas of the service, then the fewest tasks of any service, then the earliest offered. {@link #firstFit}: the
 * agents in the order offered, each filled before the next (what the matcher did before it spread).
 */
final class Spread {

    /** A candidate agent, with its counts as this order knows them. */
    static final class Entry {
        final ResourcePool pool;
        private final int index;
        private int service;
        private int total;
        private Node leaf;

        private Entry(ResourcePool pool, int index, int service, int total) {
            this.pool = pool;
            this.index = index;
            this.service = service;
            this.total = total;
        }
    }

    /** A branch: agents with one value of a label (a leaf holds the agents; the root with no preference is one). */
    private static final class Node {
        private final int order;
        private final Node parent;
        private int count;
        private final Map<String, Node> byValue = new LinkedHashMap<>();
        private PriorityQueue<Node> children;
        private PriorityQueue<Entry> agents;
        private boolean active;

        Node(int order, Node parent) {
            this.order = order;
            this.parent = parent;
        }
    }

    private static final Comparator<Node> FEWEST = Comparator.<Node>comparingInt(n -> n.count)
            .thenComparingInt(n -> n.order);
    private static final Comparator<Entry> SPREAD = Comparator.<Entry>comparingInt(e -> e.service)
            .thenComparingInt(e -> e.total).thenComparingInt(e -> e.index);
    private static final Comparator<Entry> OFFERED = Comparator.comparingInt(e -> e.index);

    private final Node root = new Node(0, null);
    private final boolean counting;
    private int nodes = 1;

    private Spread(boolean counting) {
        this.counting = counting;
    }

    /** What the spread order needs to know about the cluster: replicas per agent, and agents' label values. */
    interface Counts {
        /** Replicas of the service on {@code agentId} (running, being launched, or placed earlier this round). */
        int service(String agentId);

        /** Tasks of any service on {@code agentId}. */
        int total(String agentId);

        /** Agents with replicas of the service, including those not offered now. */
        Iterable<String> agentsWithService();

        /** The value of label {@code name} on {@code agentId} ({@code ""} without it), if the agent is known. */
        Optional<String> label(String agentId, String name);
    }

    /**
     * @param candidates agents that may host the service, in the order offered
     * @param labels     the attribute names of the service's spread preferences, outermost first
     */
    static Spread spread(List<ResourcePool> candidates, List<String> labels, Counts counts) {
        Spread s = new Spread(true);
        if (!labels.isEmpty()) {
            for (String agent : counts.agentsWithService()) {
                int n = counts.service(agent);
                if (n == 0) {
                    continue;
                }
                List<String> values = new ArrayList<>(labels.size());
                for (String label : labels) {
                    Optional<String> value = counts.label(agent, label);
                    if (value.isEmpty()) {
                        break;
                    }
                    values.add(value.get());
                }
                if (values.size() == labels.size()) {
                    Node node = s.root;
                    for (String value : values) {
                        node = s.child(node, value);
                        node.count += n;
                    }
                }
            }
        }
        for (int i = 0; i < candidates.size(); i++) {
            ResourcePool pool = candidates.get(i);
            Node node = s.root;
            for (String label : labels) {
                node = s.child(node, counts.label(pool.agentId(), label).orElse(""));
            }
            s.add(node, new Entry(pool, i, counts.service(pool.agentId()), counts.total(pool.agentId())));
        }
        return s;
    }

    /** The agents in the order offered, each tried until it is full. */
    static Spread firstFit(List<ResourcePool> candidates) {
        Spread s = new Spread(false);
        for (int i = 0; i < candidates.size(); i++) {
            s.add(s.root, new Entry(candidates.get(i), i, 0, 0));
        }
        return s;
    }

    private Node child(Node node, String value) {
        return node.byValue.computeIfAbsent(value, v -> new Node(nodes++, node));
    }

    private void add(Node leaf, Entry e) {
        if (leaf.agents == null) {
            leaf.agents = new PriorityQueue<>(counting ? SPREAD : OFFERED);
        }
        e.leaf = leaf;
        leaf.agents.add(e);
        for (Node n = leaf; n.parent != null && !n.active; n = n.parent) {
            n.active = true;
            if (n.parent.children == null) {
                n.parent.children = new PriorityQueue<>(FEWEST);
            }
            n.parent.children.add(n);
        }
    }

    /** The agent to try next: the one {@link #placed} or {@link #full} refers to. */
    Optional<Entry> peek() {
        Node node = root;
        while (node.children != null) {
            node = node.children.peek();
            if (node == null) {
                return Optional.empty();
            }
        }
        return Optional.ofNullable(node.agents == null ? null : node.agents.peek());
    }

    /** The agent just {@link #peek}ed took a replica. */
    void placed(Entry e) {
        if (!counting) {
            return;
        }
        e.leaf.agents.poll();
        e.service++;
        e.total++;
        e.leaf.agents.add(e);
        for (Node n = e.leaf; n.parent != null; n = n.parent) {
            n.parent.children.poll();
            n.count++;
            n.parent.children.add(n);
        }
    }

    /** The agent just {@link #peek}ed cannot take another replica: it is not tried again. */
    void full(Entry e) {
        e.leaf.agents.poll();
        for (Node n = e.leaf; n.parent != null && empty(n); n = n.parent) {
            n.parent.children.poll(); // n is on the path just peeked: the head of its parent's queue
        }
    }

    private static boolean empty(Node n) {
        return n.agents != null ? n.agents.isEmpty() : n.children == null || n.children.isEmpty();
    }
}
