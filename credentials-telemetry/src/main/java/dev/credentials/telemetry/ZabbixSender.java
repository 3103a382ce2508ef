package dev.credentials.telemetry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A client of the Zabbix sender protocol (what {@code zabbix_sender} speaks to a server's or
 * proxy's trapper, port 10051 by default): one TCP connection per request, a {@code ZBXD\1} header
 * with the little-endian 8-byte length of a JSON {@code "sender data"} request, and the server's
 * JSON answer with its processed/failed counts.
 *
 * <p>Instances are immutable and safe for concurrent use.
 */
public final class ZabbixSender {

  /** The trapper's default port. */
  public static final int DEFAULT_PORT = 10051;

  static final byte[] HEADER = {'Z', 'B', 'X', 'D', 1};

  /** Larger answers are refused: a trapper's answer is a few dozen bytes. */
  static final int MAX_RESPONSE = 1 << 20;

  private static final ObjectMapper JSON = new ObjectMapper();

  private final String server;
  private final int port;
  private final Duration timeout;

  /**
   * A sender to a server or proxy.
   *
   * @param server host name or address
   * @param port the trapper port, 1–65535
   * @param timeout connect and read timeout
   * @throws IllegalArgumentException for a blank server, a port out of range or a timeout that is
   *     not positive
   */
  public ZabbixSender(String server, int port, Duration timeout) {
    Objects.requireNonNull(server, "server");
    Objects.requireNonNull(timeout, "timeout");
    if (server.isBlank()) {
      throw new IllegalArgumentException(
          "server must name the Zabbix server or proxy, e.g. zabbix.internal");
    }
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("port must be between 1 and 65535, got " + port);
    }
    if (timeout.isNegative() || timeout.isZero() || timeout.toMillis() > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(
          "timeout must be positive and under 24 days, got " + timeout);
    }
    this.server = server;
    this.port = port;
    this.timeout = timeout;
  }

  /**
   * A sender to {@code host[:port]}, the form of the {@code ZABBIX_SERVER} variable.
   *
   * @param address e.g. {@code zabbix.internal} or {@code 10.0.0.5:10051}
   * @param timeout connect and read timeout
   * @return the sender
   * @throws IllegalArgumentException when the address cannot be read
   */
  public static ZabbixSender parse(String address, Duration timeout) {
    Objects.requireNonNull(address, "address");
    String a = address.trim();
    int colon = a.lastIndexOf(':');
    if (colon > 0 && a.indexOf(':') == colon) {
      String p = a.substring(colon + 1);
      try {
        return new ZabbixSender(a.substring(0, colon), Integer.parseInt(p), timeout);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            "ZABBIX_SERVER must be host or host:port, got a port that is not a number: '" + p + "'",
            e);
      }
    }
    return new ZabbixSender(a, DEFAULT_PORT, timeout);
  }

  /**
   * Sends values and returns the server's answer.
   *
   * @param items the values; at least one
   * @return the answer
   * @throws IOException when the server cannot be reached, closes early, or answers something that
   *     is not the protocol
   */
  public ZabbixResponse send(List<ZabbixItem> items) throws IOException {
    Objects.requireNonNull(items, "items");
    if (items.isEmpty()) {
      throw new IllegalArgumentException("items must not be empty");
    }
    byte[] request = frame(requestJson(items));
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(server, port), (int) timeout.toMillis());
      socket.setSoTimeout((int) timeout.toMillis());
      OutputStream out = socket.getOutputStream();
      out.write(request);
      out.flush();
      byte[] answer = readFrame(socket.getInputStream());
      return parseAnswer(answer);
    }
  }

  static byte[] requestJson(List<ZabbixItem> items) {
    ObjectNode root = JSON.createObjectNode();
    root.put("request", "sender data");
    ArrayNode data = root.putArray("data");
    for (ZabbixItem i : items) {
      ObjectNode n = data.addObject();
      n.put("host", i.host());
      n.put("key", i.key());
      n.put("value", i.value());
      n.put("clock", i.clock().getEpochSecond());
      n.put("ns", i.clock().getNano());
    }
    try {
      return JSON.writeValueAsBytes(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write a Zabbix request", e);
    }
  }

  /** {@code ZBXD\1}, the length as 8 little-endian bytes, then the payload. */
  static byte[] frame(byte[] payload) {
    ByteBuffer b =
        ByteBuffer.allocate(HEADER.length + 8 + payload.length).order(ByteOrder.LITTLE_ENDIAN);
    b.put(HEADER).putLong(payload.length).put(payload);
    return b.array();
  }

  /**
   * Reads one framed message: {@code ZBXD}, flags, then a little-endian length of 4 bytes and 4
   * reserved bytes (8 and 8 when the flags mark a large packet). Refuses a wrong header, compressed
   * data and a length over {@link #MAX_RESPONSE}.
   */
  static byte[] readFrame(InputStream in) throws IOException {
    DataInputStream data = new DataInputStream(in);
    byte[] head = new byte[HEADER.length];
    readFully(data, head, "before answering");
    if (!Arrays.equals(head, 0, 4, HEADER, 0, 4)) {
      throw new IOException(
          "the Zabbix server's answer does not start with ZBXD; is this a Zabbix trapper port?");
    }
    int flags = head[4];
    if ((flags & 0x02) != 0) {
      throw new IOException(
          "the Zabbix server answered compressed data, which this sender does not request");
    }
    boolean large = (flags & 0x04) != 0;
    byte[] sizes = new byte[large ? 16 : 8];
    readFully(data, sizes, "inside the header");
    ByteBuffer b = ByteBuffer.wrap(sizes).order(ByteOrder.LITTLE_ENDIAN);
    long length = large ? b.getLong() : Integer.toUnsignedLong(b.getInt());
    if (length < 0 || length > MAX_RESPONSE) {
      throw new IOException(
          "the Zabbix server announced an answer of "
              + Long.toUnsignedString(length)
              + " bytes; refusing more than "
              + MAX_RESPONSE);
    }
    byte[] body = new byte[(int) length];
    readFully(data, body, "after fewer than the " + length + " bytes it announced");
    return body;
  }

  private static void readFully(DataInputStream in, byte[] into, String where) throws IOException {
    try {
      in.readFully(into);
    } catch (EOFException e) {
      throw new IOException("the Zabbix server closed the connection " + where, e);
    }
  }

  static ZabbixResponse parseAnswer(byte[] body) throws IOException {
    JsonNode n;
    try {
      n = JSON.readTree(body);
    } catch (IOException e) {
      throw new IOException("the Zabbix server's answer is not JSON", e);
    }
    if (n == null || !n.isObject() || !n.path("response").isTextual()) {
      throw new IOException(
          "the Zabbix server's answer has no \"response\" field: "
              + abbreviate(new String(body, StandardCharsets.UTF_8)));
    }
    return ZabbixResponse.of(
        "success".equals(n.get("response").asText()), n.path("info").asText(""));
  }

  private static String abbreviate(String s) {
    return s.length() <= 200 ? s : s.substring(0, 200) + "…";
  }

  @Override
  public String toString() {
    return "ZabbixSender[" + server + ":" + port + "]";
  }
}
