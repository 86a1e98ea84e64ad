package io.mesoscompose.state;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.mesoscompose.json.Json;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.api.transaction.CuratorOp;
import org.apache.curator.framework.api.transaction.TransactionOp;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.OpResult;
import org.apache.zookeeper.data.Stat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The writing side of a {@link ZooKeeperStateStore}, for the one process that owns the state.
 *
 * <p><b>Ownership and fencing.</b> {@link #claim} writes {@code owner} with this writer's epoch, only over a smaller
 * epoch. Every multi-op then begins with a write of {@code owner} at the version this writer last left it: if
 * anyone else wrote it meanwhile (a later leader's claim), ZooKeeper refuses the whole multi-op, so a writer that
 * was paused while another took over cannot change anything. The owner's version thus also counts our commits,
 * which tells, after a lost connection, whether a commit whose answer was lost went through.
 *
 * <p><b>Size.</b> No znode is written larger than {@link #CHUNK_BYTES} (a larger value goes into children
 * {@code 0, 1, …} of its node, which then holds nothing) and no multi-op larger than {@link #MULTI_BYTES}; ZooKeeper
 * refuses packets above 1 MB ({@code jute.maxbuffer}). A commit too large for one multi-op is written as a journal
 * first ({@code journal/<id>}: the changes in parts, then a {@code complete} marker, the commit point), then applied
 * in several multi-ops, then the journal is deleted. A writer that finds a complete journal (the previous owner
 * stopped half-way) applies it again (each change is idempotent) before anything else; an incomplete one is
 * dropped: that commit never happened.
 *
 * <p>Not thread-safe: the store calls it under its own lock.
 */
final class ZooKeeperWriter {

    private static final Logger LOG = LoggerFactory.getLogger(ZooKeeperWriter.class);

    /** The largest znode written: a quarter of ZooKeeper's 1 MB packet limit. */
    static final int CHUNK_BYTES = 256 * 1024;
    /** The largest multi-op sent. */
    static final int MULTI_BYTES = 512 * 1024;
    /** Bytes a multi-op spends on one operation besides path and data (header, version, ACL). */
    private static final int OP_OVERHEAD = 64;
    private static final int CLAIM_ATTEMPTS = 10;
    private static final String COMPLETE = "complete";
    private static final byte[] EMPTY = new byte[0];

    /** Who writes, as stored in {@code owner}. {@code mode} is {@code ha} or {@code single}. */
    record Owner(@JsonProperty("epoch") long epoch, @JsonProperty("mode") String mode,
                 @JsonProperty("holder") String holder, @JsonProperty("id") String id) {

        static final String HA = "ha";
        static final String SINGLE = "single";

        String describe() {
            return "mesos-compose on " + holder + (HA.equals(mode) ? ", leader epoch " + epoch : "");
        }
    }

    /** One change of a commit, already encoded: at most one per path. */
    sealed interface Change {
        String path();

        record Put(String path, byte[] data) implements Change {}

        record Delete(String path) implements Change {}
    }

    /** One znode operation. In a journal being applied again, CREATE and SET both mean "make it hold this". */
    private record Op(Kind kind, String path, byte[] data) {
        enum Kind { CREATE, SET, DELETE }

        int size() {
            return path.length() + data.length + OP_OVERHEAD;
        }
    }

    private final CuratorFramework zk;
    private final ZooKeeperLayout layout;
    private final String where;
    private final long epoch;
    private final byte[] token;
    private final String holder;
    private int ownerVersion;
    /** The nodes of projects and tasks (and meta) that exist, so a change knows whether to create or set. */
    private final Set<String> existing = new HashSet<>();
    /** Nodes whose value is in chunk children, and how many. */
    private final Map<String, Integer> chunks = new HashMap<>();
    private boolean uncertain;
    private boolean fenced;
    private long journalSequence;

    private ZooKeeperWriter(CuratorFramework zk, ZooKeeperLayout layout, String where, long epoch, byte[] token,
                            String holder, int ownerVersion) {
        this.zk = zk;
        this.layout = layout;
        this.where = where;
        this.epoch = epoch;
        this.token = token;
        this.holder = holder;
        this.ownerVersion = ownerVersion;
    }

    /**
     * Takes the state for {@code epoch} in {@code mode}: creates the layout's nodes, writes {@code owner} (only
     * over a smaller epoch, and in HA mode not while a process without HA holds the lock), finishes or drops an
     * unfinished journal, and indexes the nodes.
     *
     * @throws FencedWriteException when the state is claimed by this or a later epoch, or held otherwise
     */
    static ZooKeeperWriter claim(CuratorFramework zk, ZooKeeperLayout layout, String where, long epoch, String mode) {
        if (epoch < 1) {
            throw new IllegalArgumentException("epochs start at 1, got " + epoch);
        }
        try {
            Set<String> present = ZooKeeperBulk.childCounts(zk, layout.tree()).keySet();
            for (String node : layout.tree()) {
                if (!present.contains(node)) {
                    createIfMissing(zk, node);
                }
            }
            Owner owner = new Owner(epoch, mode, ProcessName.current(), UUID.randomUUID().toString());
            byte[] token = Json.MAPPER.writeValueAsBytes(owner);
            for (int attempt = 1; attempt <= CLAIM_ATTEMPTS; attempt++) {
                Stat stat = new Stat();
                Optional<byte[]> current = read(zk, layout.owner(), stat);
                int version;
                try {
                    if (current.isEmpty()) {
                        zk.create().forPath(layout.owner(), token);
                        version = 0;
                    } else {
                        Owner previous = parseOwner(current.get(), where);
                        refuseClaim(zk, layout, where, previous, epoch, mode);
                        version = zk.setData().withVersion(stat.getVersion()).forPath(layout.owner(), token)
                                .getVersion();
                    }
                } catch (KeeperException.NodeExistsException | KeeperException.BadVersionException raced) {
                    continue;  // another claimer wrote the owner between our read and our write: look again
                }
                ZooKeeperWriter writer = new ZooKeeperWriter(zk, layout, where, epoch, token, owner.describe(),
                        version);
                writer.recover();
                writer.reindex();
                LOG.info("the state at {} is written by this process now ({})", where, owner.describe());
                return writer;
            }
            throw new StateStoreException("the owner of the state at " + where + " kept changing during "
                    + CLAIM_ATTEMPTS + " attempts to claim it");
        } catch (StateStoreException e) {
            throw e;
        } catch (Exception e) {
            throw new StateStoreException("ZooKeeper " + where + ": cannot claim the state: " + e.getMessage(), e);
        }
    }

    private static void refuseClaim(CuratorFramework zk, ZooKeeperLayout layout, String where, Owner previous,
                                    long epoch, String mode) throws Exception {
        if (Owner.HA.equals(mode) && Owner.SINGLE.equals(previous.mode())) {
            if (zk.checkExists().forPath(layout.lock()) != null) {
                throw new FencedWriteException("the state at " + where + " is in use by " + previous.describe()
                        + ", which runs without --ha: stop it before starting highly available instances on this "
                        + "state");
            }
            return;  // it stopped; its epochs count apart from the election's
        }
        if (Owner.SINGLE.equals(mode) && Owner.HA.equals(previous.mode())) {
            throw new StateStoreException("the state at " + where + " is used by highly available instances ("
                    + previous.describe() + "): start this one with --ha too, or, if no such instance runs any "
                    + "more, delete the node " + layout.owner());
        }
        if (previous.epoch() >= epoch) {
            throw new FencedWriteException("the state at " + where + " was claimed by " + previous.describe()
                    + " already; this process, as epoch " + epoch + ", does not write it");
        }
    }

    long epoch() {
        return epoch;
    }

    /** The epoch that owns the state now, as stored, and its mode; empty for a state nobody claimed yet. */
    static Optional<Owner> currentOwner(CuratorFramework zk, ZooKeeperLayout layout, String where) throws Exception {
        return read(zk, layout.owner(), new Stat()).map(bytes -> parseOwner(bytes, where));
    }

    /** Applies one commit's changes (at most one per path) atomically, or throws and changes nothing visible. */
    void apply(Collection<Change> changes) {
        if (fenced) {
            throw fencedOut(Optional.empty());
        }
        if (uncertain) {
            resync();
        }
        List<Op> ops = new ArrayList<>();
        changes.forEach(c -> expand(c, ops));
        int size = ops.stream().mapToInt(Op::size).sum();
        if (size + OP_OVERHEAD + token.length <= MULTI_BYTES) {
            multi(ops);
        } else {
            journaled(ops);
        }
        changes.forEach(this::indexed);
    }

    // ---- changes → znode operations ----

    private void expand(Change change, List<Op> out) {
        int oldChunks = chunks.getOrDefault(change.path(), 0);
        boolean exists = existing.contains(change.path());
        switch (change) {
            case Change.Put put -> {
                List<byte[]> parts = put.data().length <= CHUNK_BYTES ? List.of() : split(put.data(), CHUNK_BYTES);
                out.add(new Op(exists ? Op.Kind.SET : Op.Kind.CREATE, put.path(), parts.isEmpty() ? put.data() : EMPTY));
                for (int i = 0; i < parts.size(); i++) {
                    out.add(new Op(i < oldChunks ? Op.Kind.SET : Op.Kind.CREATE, put.path() + "/" + i, parts.get(i)));
                }
                for (int i = parts.size(); i < oldChunks; i++) {
                    out.add(new Op(Op.Kind.DELETE, put.path() + "/" + i, EMPTY));
                }
            }
            case Change.Delete delete -> {
                if (exists) {
                    for (int i = 0; i < oldChunks; i++) {
                        out.add(new Op(Op.Kind.DELETE, delete.path() + "/" + i, EMPTY));
                    }
                    out.add(new Op(Op.Kind.DELETE, delete.path(), EMPTY));
                }
            }
        }
    }

    private void indexed(Change change) {
        switch (change) {
            case Change.Put put -> {
                existing.add(put.path());
                int parts = put.data().length <= CHUNK_BYTES ? 0 : split(put.data(), CHUNK_BYTES).size();
                if (parts > 0) {
                    chunks.put(put.path(), parts);
                } else {
                    chunks.remove(put.path());
                }
            }
            case Change.Delete delete -> {
                existing.remove(delete.path());
                chunks.remove(delete.path());
            }
        }
    }

    // ---- one multi-op, fenced by the owner's version ----

    private void multi(List<Op> ops) {
        int expected = ownerVersion;
        List<CuratorOp> tx = new ArrayList<>(ops.size() + 1);
        TransactionOp t = zk.transactionOp();
        try {
            tx.add(t.setData().withVersion(expected).forPath(layout.owner(), token));
            for (Op op : ops) {
                tx.add(switch (op.kind()) {
                    case CREATE -> t.create().forPath(op.path(), op.data());
                    case SET -> t.setData().forPath(op.path(), op.data());
                    case DELETE -> t.delete().forPath(op.path());
                });
            }
            zk.transaction().forOperations(tx);
            ownerVersion = expected + 1;
        } catch (Exception e) {
            settle(e, expected);
        }
    }

    /**
     * After a failed multi-op: fenced when the owner changed hands; done after all when the owner's version moved
     * by one (the answer was lost and a retry failed); else nothing happened, and the error is passed on.
     */
    private void settle(Exception failure, int expected) {
        Stat stat = new Stat();
        Optional<byte[]> now;
        try {
            now = read(zk, layout.owner(), stat);
        } catch (Exception unreadable) {
            uncertain = true;
            throw new StateStoreException("ZooKeeper " + where + ": a commit failed (" + describe(failure)
                    + ") and whether it was applied cannot be told now (" + describe(unreadable) + ")", failure);
        }
        if (now.isEmpty() || !Arrays.equals(now.get(), token)) {
            fenced = true;
            throw fencedOut(now.map(bytes -> parseOwner(bytes, where)));
        }
        ownerVersion = stat.getVersion();
        if (stat.getVersion() == expected + 1) {
            return;
        }
        if (failure instanceof KeeperException.NodeExistsException || failure instanceof KeeperException.NoNodeException
                || failure instanceof KeeperException.NotEmptyException) {
            uncertain = true;  // our index of the nodes is out of step: read it again before the next commit
        }
        throw new StateStoreException("ZooKeeper " + where + " refused a commit (nothing of it was written): "
                + describe(failure), failure);
    }

    private FencedWriteException fencedOut(Optional<Owner> now) {
        return new FencedWriteException("the state at " + where + " was taken over by "
                + now.map(Owner::describe).orElse("another process") + "; this process (" + holder
                + ") no longer writes it");
    }

    // ---- commits larger than one multi-op ----

    private void journaled(List<Op> ops) {
        String id = layout.journal() + "/" + String.format("%019d-%010d-%s", epoch, ++journalSequence,
                UUID.randomUUID().toString().substring(0, 8));
        List<byte[]> parts = split(serialize(ops), CHUNK_BYTES);
        List<Op> journal = new ArrayList<>();
        journal.add(new Op(Op.Kind.CREATE, id, EMPTY));
        for (int i = 0; i < parts.size(); i++) {
            journal.add(new Op(Op.Kind.CREATE, id + "/" + String.format("part-%05d", i), parts.get(i)));
        }
        try {
            grouped(journal).forEach(this::multi);
        } catch (FencedWriteException e) {
            throw e;
        } catch (RuntimeException e) {
            dropQuietly(id);
            throw e;
        }
        multi(List.of(new Op(Op.Kind.CREATE, id + "/" + COMPLETE, EMPTY)));  // the commit point
        LOG.debug("commit of {} operations in journal {} ({} parts)", ops.size(), id, parts.size());
        try {
            grouped(ops).forEach(this::multi);
            multi(dropping(id, parts.size()));
        } catch (FencedWriteException e) {
            throw e;  // the next owner applies the journal
        } catch (RuntimeException e) {
            LOG.warn("applying the commit in journal {} failed ({}); applying it again", id, e.getMessage());
            resync();
        }
    }

    private static List<Op> dropping(String id, int parts) {
        List<Op> drop = new ArrayList<>();
        for (int i = 0; i < parts; i++) {
            drop.add(new Op(Op.Kind.DELETE, id + "/" + String.format("part-%05d", i), EMPTY));
        }
        drop.add(new Op(Op.Kind.DELETE, id + "/" + COMPLETE, EMPTY));
        drop.add(new Op(Op.Kind.DELETE, id, EMPTY));
        return drop;
    }

    private void dropQuietly(String id) {
        try {
            zk.delete().deletingChildrenIfNeeded().forPath(id);
        } catch (Exception e) {
            LOG.debug("cannot drop the unfinished journal {} now ({}); the next owner does", id, e.getMessage());
        }
    }

    /** Operations in groups that each fit one multi-op. */
    private List<List<Op>> grouped(List<Op> ops) {
        List<List<Op>> groups = new ArrayList<>();
        List<Op> group = new ArrayList<>();
        int size = OP_OVERHEAD + token.length;
        for (Op op : ops) {
            if (!group.isEmpty() && size + op.size() > MULTI_BYTES) {
                groups.add(group);
                group = new ArrayList<>();
                size = OP_OVERHEAD + token.length;
            }
            group.add(op);
            size += op.size();
        }
        if (!group.isEmpty()) {
            groups.add(group);
        }
        return groups;
    }

    /**
     * Finishes every complete journal, oldest first (each of its operations again, as "make it so": creates or sets
     * a node whatever it holds, deletes it if it is there), and drops incomplete ones.
     */
    private void recover() {
        Map<String, List<String>> journals = ZooKeeperBulk.children(zk, List.of(layout.journal()));
        List<String> ids = journals.getOrDefault(layout.journal(), List.of()).stream().sorted().toList();
        for (String name : ids) {
            String id = layout.journal() + "/" + name;
            List<String> entries = ZooKeeperBulk.children(zk, List.of(id)).getOrDefault(id, List.of());
            List<String> partNames = entries.stream().filter(e -> e.startsWith("part-")).sorted().toList();
            if (!entries.contains(COMPLETE)) {
                LOG.warn("dropping the unfinished commit {} of a previous owner (it never happened)", id);
                List<Op> drop = new ArrayList<>();
                partNames.forEach(p -> drop.add(new Op(Op.Kind.DELETE, id + "/" + p, EMPTY)));
                drop.add(new Op(Op.Kind.DELETE, id, EMPTY));
                grouped(drop).forEach(this::multi);
                continue;
            }
            Map<String, byte[]> parts = ZooKeeperBulk.data(zk, partNames.stream().map(p -> id + "/" + p).toList());
            ByteArrayOutputStream blob = new ByteArrayOutputStream();
            partNames.forEach(p -> blob.writeBytes(parts.get(id + "/" + p)));
            List<Op> ops = deserialize(blob.toByteArray());
            LOG.warn("finishing the commit {} of a previous owner: {} operations", id, ops.size());
            Set<String> present = ZooKeeperBulk.childCounts(zk, ops.stream().map(Op::path).toList()).keySet();
            List<Op> redo = ops.stream().flatMap(op -> switch (op.kind()) {
                case CREATE, SET -> Stream.of(new Op(present.contains(op.path()) ? Op.Kind.SET : Op.Kind.CREATE,
                        op.path(), op.data()));
                case DELETE -> present.contains(op.path()) ? Stream.of(op) : Stream.<Op>empty();
            }).toList();
            grouped(redo).forEach(this::multi);
            multi(dropping(id, partNames.size()));
        }
    }

    /** Reads the owner again (fenced if it changed hands), finishes journals, and indexes the nodes anew. */
    private void resync() {
        Stat stat = new Stat();
        Optional<byte[]> now;
        try {
            now = read(zk, layout.owner(), stat);
        } catch (Exception e) {
            throw new StateStoreException("ZooKeeper " + where + ": cannot read the state's owner: " + describe(e), e);
        }
        if (now.isEmpty() || !Arrays.equals(now.get(), token)) {
            fenced = true;
            throw fencedOut(now.map(bytes -> parseOwner(bytes, where)));
        }
        ownerVersion = stat.getVersion();
        recover();
        reindex();
        uncertain = false;
    }

    private void reindex() {
        existing.clear();
        chunks.clear();
        List<String> parents = new ArrayList<>(layout.buckets());
        parents.add(layout.projects());
        Map<String, List<String>> children = ZooKeeperBulk.children(zk, parents);
        children.forEach((parent, names) -> names.forEach(n -> existing.add(parent + "/" + n)));
        List<String> projects = children.getOrDefault(layout.projects(), List.of()).stream()
                .map(n -> layout.projects() + "/" + n).toList();
        ZooKeeperBulk.childCounts(zk, projects).forEach((path, count) -> {
            if (count > 0) {
                chunks.put(path, count);
            }
        });
        if (!ZooKeeperBulk.childCounts(zk, List.of(layout.meta())).isEmpty()) {
            existing.add(layout.meta());
        }
    }

    // ---- encoding ----

    private static byte[] serialize(List<Op> ops) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(new GZIPOutputStream(bytes))) {
            out.writeInt(ops.size());
            for (Op op : ops) {
                out.writeByte(op.kind().ordinal());
                out.writeUTF(op.path());
                out.writeInt(op.data().length);
                out.write(op.data());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static List<Op> deserialize(byte[] journal) {
        try (DataInputStream in = new DataInputStream(new GZIPInputStream(new ByteArrayInputStream(journal)))) {
            int count = in.readInt();
            List<Op> ops = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                Op.Kind kind = Op.Kind.values()[in.readByte()];
                String path = in.readUTF();
                byte[] data = new byte[in.readInt()];
                in.readFully(data);
                ops.add(new Op(kind, path, data));
            }
            return ops;
        } catch (IOException e) {
            throw new StateStoreException("a journal of the state is unreadable: " + e.getMessage(), e);
        }
    }

    static List<byte[]> split(byte[] data, int size) {
        List<byte[]> parts = new ArrayList<>();
        for (int from = 0; from < data.length; from += size) {
            parts.add(Arrays.copyOfRange(data, from, Math.min(data.length, from + size)));
        }
        return parts;
    }

    private static Owner parseOwner(byte[] bytes, String where) {
        try {
            return Json.MAPPER.readValue(bytes, Owner.class);
        } catch (IOException e) {
            throw new StateStoreException("the owner node of the state at " + where + " is unreadable: "
                    + e.getMessage(), e);
        }
    }

    private static Optional<byte[]> read(CuratorFramework zk, String path, Stat stat) throws Exception {
        try {
            return Optional.of(zk.getData().storingStatIn(stat).forPath(path));
        } catch (KeeperException.NoNodeException e) {
            return Optional.empty();
        }
    }

    private static void createIfMissing(CuratorFramework zk, String path) throws Exception {
        try {
            zk.create().creatingParentsIfNeeded().forPath(path, EMPTY);
        } catch (KeeperException.NodeExistsException e) {
            // there already
        }
    }

    private static String describe(Exception e) {
        if (e instanceof KeeperException k && k.getResults() != null) {
            for (OpResult r : k.getResults()) {
                if (r instanceof OpResult.ErrorResult err && err.getErr() != KeeperException.Code.OK.intValue()
                        && err.getErr() != KeeperException.Code.RUNTIMEINCONSISTENCY.intValue()) {
                    return KeeperException.Code.get(err.getErr()) + " (" + k.getMessage() + ")";
                }
            }
        }
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }
}
