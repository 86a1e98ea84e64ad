package io.mesoscompose.state;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * The child process of {@link RedisStateStoreCrashTest#killingTheClientMidMultiAppliesNothing}: queues a commit to
 * the store's keys inside MULTI, waits until Redis said QUEUED for every command, prints "queued" and waits to be
 * killed without ever sending EXEC. Speaks RESP on a plain socket so that the point of the kill is exact.
 */
public final class HalfCommitWriter {

    public static void main(String[] args) throws Exception {
        String prefix = args[2];
        try (Socket socket = new Socket(args[0], Integer.parseInt(args[1]))) {
            OutputStream out = socket.getOutputStream();
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            String[][] commands = {
                    {"SELECT", "1"},
                    {"MULTI"},
                    {"HSET", prefix + ":state:tasks", "half", "{\"broken\":true}"},
                    {"HSET", prefix + ":state:meta", "framework_id", "half"},
                    {"HDEL", prefix + ":state:projects", "p"},
            };
            for (String[] command : commands) {
                out.write(resp(command));
                out.flush();
                String reply = in.readLine();
                if (!reply.equals("+OK") && !reply.equals("+QUEUED")) {
                    throw new IllegalStateException(String.join(" ", command) + " answered " + reply);
                }
            }
            System.out.println("queued");
            System.out.flush();
            Thread.sleep(Long.MAX_VALUE);
        }
    }

    private static byte[] resp(String... words) {
        StringBuilder s = new StringBuilder("*").append(words.length).append("\r\n");
        for (String w : words) {
            s.append('$').append(w.getBytes(StandardCharsets.UTF_8).length).append("\r\n").append(w).append("\r\n");
        }
        return s.toString().getBytes(StandardCharsets.UTF_8);
    }
}
