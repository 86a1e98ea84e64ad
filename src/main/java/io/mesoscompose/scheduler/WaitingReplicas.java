package io.mesoscompose.scheduler;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * One service's waiting replicas and why, as a {@link SchedulerSnapshot} shows them: two arrays by replica, not a
 * map entry and a {@link Slot} per replica. While a 100,000-replica project waits for its first offers, the map is
 * made again every second ({@link PendingSlots#shown}), in the seconds when the young collections' pauses are
 * longest. Immutable; the slots of the entries a reader walks are made as it walks them.
 */
final class WaitingReplicas extends AbstractMap<Slot, String> {

    private final String project;
    private final String service;
    private final int[] replicas;
    private final String[] why;

    /** @param replicas ascending; {@code why[i]} is why {@code replicas[i]} waits. The arrays are not copied. */
    WaitingReplicas(ServiceKey key, int[] replicas, String[] why) {
        if (replicas.length != why.length) {
            throw new IllegalArgumentException(replicas.length + " replicas, " + why.length + " reasons");
        }
        this.project = key.project();
        this.service = key.service();
        this.replicas = replicas;
        this.why = why;
    }

    @Override
    public int size() {
        return replicas.length;
    }

    @Override
    public boolean containsKey(Object key) {
        return indexOf(key) >= 0;
    }

    @Override
    public String get(Object key) {
        int i = indexOf(key);
        return i < 0 ? null : why[i];
    }

    private int indexOf(Object key) {
        if (!(key instanceof Slot s) || !s.project().equals(project) || !s.service().equals(service)) {
            return -1;
        }
        return Math.max(-1, Arrays.binarySearch(replicas, s.replica()));
    }

    @Override
    public void forEach(BiConsumer<? super Slot, ? super String> action) {
        for (int i = 0; i < replicas.length; i++) {
            action.accept(new Slot(project, service, replicas[i]), why[i]);
        }
    }

    @Override
    public Set<Entry<Slot, String>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public int size() {
                return replicas.length;
            }

            @Override
            public Iterator<Entry<Slot, String>> iterator() {
                return new Iterator<>() {
                    private int next;

                    @Override
                    public boolean hasNext() {
                        return next < replicas.length;
                    }

                    @Override
                    public Entry<Slot, String> next() {
                        if (next >= replicas.length) {
                            throw new NoSuchElementException();
                        }
                        int i = next++;
                        return new SimpleImmutableEntry<>(new Slot(project, service, replicas[i]), why[i]);
                    }
                };
            }
        };
    }
}
