package io.mesoscompose.ha;

/** What an instance runs while it leads: started for one epoch, stopped when leadership ends. */
@FunctionalInterface
public interface LeaderTerm {

    /**
     * Stops everything that acts on the cluster or writes the state, waiting briefly for each part.
     *
     * @return true when every part confirmed that it stopped; false makes the process exit
     */
    boolean stop();
}
