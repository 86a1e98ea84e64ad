package io.mesoscompose.simulator;

import java.time.Instant;

/** An outstanding offer: resources held for one framework until accepted, declined or rescinded. */
record SimOffer(String id, String frameworkId, String agentId, String role, SimResources resources, Instant created) {}
