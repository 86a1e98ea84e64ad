/**
 * The v1 Scheduler HTTP API client, written to be read side by side with Mesos' docs:
 *
 * <ul>
 *   <li><b>scheduler-http-api.md, "Calls" / "SUBSCRIBE"</b>: {@link io.mesoscompose.mesos.MasterHttp} POSTs to
 *       {@code /api/v1/scheduler} ({@link io.mesoscompose.mesos.WireFormat}: protobuf, or JSON as an option), keeps
 *       the {@code Mesos-Stream-Id} of the SUBSCRIBE answer for every later call, and turns anything but 202 into a
 *       {@link io.mesoscompose.mesos.MesosCallException} with the master's text. {@link io.mesoscompose.mesos.Calls}
 *       builds each call.</li>
 *   <li><b>"Events" and recordio.md</b>: {@link io.mesoscompose.mesos.Subscription} reads the chunked answer with
 *       {@link io.mesoscompose.mesos.RecordIO.Reader} straight from the socket, on the client's connection thread
 *       ({@link io.mesoscompose.mesos.HttpWire} holds the HTTP/1.1 of both connections, the SUBSCRIBE stream and the
 *       pipelined calls of {@link io.mesoscompose.mesos.CallPipeline}); {@link io.mesoscompose.mesos.EventDecoder}
 *       is the one place that turns an {@code Event} into a {@link io.mesoscompose.mesos.MesosEvent}.</li>
 *   <li><b>"Master detection"</b>: a non-leader answers 307 with {@code Location: //host:port[/path]}; followed by
 *       hand. {@link io.mesoscompose.mesos.MasterDetector}: a fixed list ({@link io.mesoscompose.mesos.StaticMasters})
 *       or ZooKeeper ({@link io.mesoscompose.mesos.ZooKeeperMasters}: the lowest {@code json.info_} znode leads, as
 *       high-availability.md describes).</li>
 *   <li><b>"HEARTBEAT" and high-availability-framework-guide.md</b>: no event for 5 heartbeat intervals means a dead
 *       connection; {@link io.mesoscompose.mesos.MesosClient} delivers {@code Disconnected}, waits with exponential
 *       backoff and jitter ({@link io.mesoscompose.mesos.Backoff}) and subscribes again with the saved framework ID
 *       (a failover, which keeps the tasks while within {@code failover_timeout}). An ERROR event (e.g. the framework
 *       was removed) stops reconnecting until the scheduler calls {@code reconnect()}.</li>
 *   <li><b>Authentication and TLS</b>: HTTP basic auth with the principal and secret; HTTPS with the JDK's trust, a
 *       CA file, or (explicitly) none ({@link io.mesoscompose.mesos.TlsContexts}).</li>
 * </ul>
 */
package io.mesoscompose.mesos;
