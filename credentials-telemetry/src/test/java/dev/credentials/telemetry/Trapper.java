package dev.credentials.telemetry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Function;

/**
 * A Zabbix trapper for tests: accepts sender-protocol connections on a loopback port, checks the
 * framing (ZBXD, flags 1, little-endian length that matches the body), parses the JSON request and
 * answers as a Zabbix server does, or with whatever raw bytes a test scripts.
 */
final class Trapper implements AutoCloseable {

  static final ObjectMapper JSON = new ObjectMapper();

  final ServerSocket server;
  final BlockingQueue<JsonNode> requests = new LinkedBlockingQueue<>();
  final List<String> problems = new CopyOnWriteArrayList<>();
  final Thread thread;
  volatile Function<JsonNode, byte[]> answer = Trapper::success;

  Trapper() throws IOException {
    server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    thread = new Thread(this::serve, "test-trapper");
    thread.setDaemon(true);
    thread.start();
  }

  int port() {
    return server.getLocalPort();
  }

  /** What a server answers when it accepted every value. */
  static byte[] success(JsonNode request) {
    int n = request.path("data").size();
    return frame(
        "{\"response\":\"success\",\"info\":\"processed: "
            + n
            + "; failed: 0; total: "
            + n
            + "; seconds spent: 0.000055\"}");
  }

  static byte[] frame(String json) {
    byte[] body = json.getBytes(StandardCharsets.UTF_8);
    ByteBuffer b = ByteBuffer.allocate(13 + body.length).order(ByteOrder.LITTLE_ENDIAN);
    b.put(new byte[] {'Z', 'B', 'X', 'D', 1}).putInt(body.length).putInt(0).put(body);
    return b.array();
  }

  private void serve() {
    while (!server.isClosed()) {
      try (Socket s = server.accept()) {
        DataInputStream in = new DataInputStream(s.getInputStream());
        byte[] head = new byte[13];
        in.readFully(head);
        if (head[0] != 'Z' || head[1] != 'B' || head[2] != 'X' || head[3] != 'D' || head[4] != 1) {
          problems.add("bad header");
          continue;
        }
        long length = ByteBuffer.wrap(head, 5, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        if (length <= 0 || length > 1 << 20) {
          problems.add("bad length " + length);
          continue;
        }
        byte[] body = new byte[(int) length];
        in.readFully(body);
        if (in.available() > 0) {
          problems.add("bytes after the announced length");
        }
        JsonNode request = JSON.readTree(body);
        requests.add(request);
        OutputStream out = s.getOutputStream();
        out.write(answer.apply(request));
        out.flush();
      } catch (IOException e) {
        if (!server.isClosed()) {
          problems.add(e.toString());
        }
      }
    }
  }

  @Override
  public void close() throws IOException {
    server.close();
  }
}
