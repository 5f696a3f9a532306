package dev.duplex.fuzz;

import dev.duplex.engine.Role;
import dev.duplex.engine.frame.Opcode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The seed inputs of every fuzz target, written as files named {@code seed-*} into the directories where Jazzer
 * looks for them ({@code src/test/resources/dev/duplex/fuzz/<TestClass>Inputs/<method>/}). Regression mode runs
 * them on every build; fuzzing starts from them. {@link SeedCorpusTest} checks that the committed files match
 * this class. Regenerate after a change with
 * {@code java -cp fuzz/target/test-classes:engine/target/classes dev.duplex.fuzz.SeedCorpus fuzz/src/test/resources}.
 */
final class SeedCorpus {
    static final String PACKAGE_DIR = "dev/duplex/fuzz/";

    private SeedCorpus() {
    }

    /** Directory (relative to the resources root) to file name to content. */
    static Map<String, Map<String, byte[]>> all() {
        Map<String, Map<String, byte[]>> all = new LinkedHashMap<>();
        all.put(PACKAGE_DIR + "EngineFuzzTestInputs/engine", engine());
        all.put(PACKAGE_DIR + "ServerHandshakeFuzzTestInputs/request", requests());
        all.put(PACKAGE_DIR + "ClientHandshakeFuzzTestInputs/response", responses());
        all.put(PACKAGE_DIR + "Utf8FuzzTestInputs/utf8", utf8());
        all.put(PACKAGE_DIR + "MaskingFuzzTestInputs/masking", masking());
        all.put(PACKAGE_DIR + "ExtensionHeaderFuzzTestInputs/header", extensionHeaders());
        all.put(PACKAGE_DIR + "HixieFuzzTestInputs/hixie", hixie());
        all.put(PACKAGE_DIR + "InflaterFuzzTestInputs/inflate", inflate());
        return all;
    }

    public static void main(String[] args) throws IOException {
        Path root = Path.of(args.length > 0 ? args[0] : "fuzz/src/test/resources");
        for (Map.Entry<String, Map<String, byte[]>> dir : all().entrySet()) {
            Path path = root.resolve(dir.getKey());
            Files.createDirectories(path);
            try (var old = Files.list(path)) {
                for (Path p : old.filter(p -> p.getFileName().toString().startsWith("seed-")).toList()) {
                    Files.delete(p);
                }
            }
            for (Map.Entry<String, byte[]> seed : dir.getValue().entrySet()) {
                Files.write(path.resolve(seed.getKey()), seed.getValue());
            }
            System.out.println(dir.getValue().size() + " seeds in " + path);
        }
    }

    // ------------------------------------------------------------------ engine

    private static Map<String, byte[]> engine() {
        Map<String, byte[]> seeds = new LinkedHashMap<>();
        for (Role role : Role.values()) {
            String r = role == Role.SERVER ? "server-" : "client-";
            EngineSeeds s = new EngineSeeds(seeds, r, role);
            byte[] allKinds = s.wire().text("Hello").binary(Wire.pattern(10)).ping("ping?").pong("pong!")
                    .close(1000, "bye").bytes();
            for (Buffers shape : Buffers.values()) {
                s.add("all-kinds-" + shape.name().toLowerCase(), 0, false, true, shape, false, 0x5C, allKinds);
            }
            s.add("all-kinds-streamed", 0, true, true, Buffers.HEAP, false, 0x33, allKinds);
            s.add("text-hello", 0, false, s.wire().text("Hello").bytes());
            s.add("empty-frames", 0, false, s.wire().text("").binary(new byte[0]).ping("").pong("")
                    .frame(false, Opcode.TEXT, new byte[0]).frame(true, Opcode.CONTINUATION, new byte[0]).close().bytes());
            byte[] kosme = Wire.utf8("κόσμε");
            byte[] fragmented = s.wire().frame(false, Opcode.TEXT, java.util.Arrays.copyOfRange(kosme, 0, 3))
                    .frame(false, Opcode.CONTINUATION, java.util.Arrays.copyOfRange(kosme, 3, 4))
                    .ping("between")
                    .frame(true, Opcode.CONTINUATION, java.util.Arrays.copyOfRange(kosme, 4, kosme.length)).bytes();
            s.add("fragmented-text-split-code-point", 0, false, fragmented);
            s.add("fragmented-text-split-code-point-streamed", 0, true, fragmented);
            byte[] fragmentedBinary = s.wire().frame(false, Opcode.BINARY, Wire.pattern(200)).pong("p")
                    .frame(false, Opcode.CONTINUATION, Wire.pattern(50))
                    .frame(true, Opcode.CONTINUATION, Wire.pattern(100)).bytes();
            s.add("fragmented-binary", 0, false, fragmentedBinary);
            s.add("fragmented-binary-streamed", 0, true, fragmentedBinary);
            s.add("text-16-bit-length", 0, false, s.wire().text("x".repeat(300)).bytes());
            s.add("text-at-frame-limit", 1, false, s.wire().text("y".repeat(300)).bytes());
            s.add("text-over-frame-limit", 1, false, s.wire().text("z".repeat(301)).bytes());
            s.add("message-over-limit-in-fragments", 1, true, s.wire().frame(false, Opcode.BINARY, Wire.pattern(300))
                    .frame(false, Opcode.CONTINUATION, Wire.pattern(300)).frame(false, Opcode.CONTINUATION, Wire.pattern(300))
                    .frame(true, Opcode.CONTINUATION, Wire.pattern(300)).bytes());
            s.add("too-many-fragments", 2, false, s.wire().frame(false, Opcode.TEXT, Wire.utf8("a"))
                    .frame(false, Opcode.CONTINUATION, Wire.utf8("b")).frame(false, Opcode.CONTINUATION, Wire.utf8("c"))
                    .frame(true, Opcode.CONTINUATION, Wire.utf8("d")).bytes());
            s.add("64-bit-length-over-limit", 0, false, s.wire().text("first")
                    .header(true, 0, Opcode.BINARY, 70_000).raw(Wire.pattern(100)).bytes());
            s.add("64-bit-length-msb-set", 0, false, s.wire().header(true, 0, Opcode.BINARY, -2).bytes());
            Wire spent = s.wire();
            Wire enough = s.wire();
            for (int i = 0; i < 8; i++) {
                spent.frame(i == 7, i == 0 ? Opcode.BINARY : Opcode.CONTINUATION, Wire.pattern(200));
                if (i < 7) {
                    enough.frame(i == 6, i == 0 ? Opcode.BINARY : Opcode.CONTINUATION, Wire.pattern(200));
                }
            }
            s.add("memory-budget-spent", 3, false, spent.ping("after").bytes());
            s.add("memory-budget-enough", 3, false, enough.ping("after").bytes());
            s.add("64-bit-length-small", 3, false, s.wire().header(true, 0, Opcode.BINARY, 5).raw(Wire.pattern(5)).bytes());
            s.add("payload-cut-short", 0, false, s.wire().header(true, 0, Opcode.BINARY, 10).raw(Wire.utf8("short")).bytes());
            s.add("invalid-utf8-surrogate", 0, false, s.wire().text("ok")
                    .frame(true, Opcode.TEXT, Wire.hex("6162 eda080 6364")).bytes());
            s.add("invalid-utf8-streamed", 0, true, s.wire()
                    .frame(true, Opcode.TEXT, Wire.hex("41424344454647484950 f4908080")).bytes());
            s.add("utf8-truncated-at-message-end", 0, false, s.wire().frame(false, Opcode.TEXT, Wire.utf8("κ"))
                    .frame(true, Opcode.CONTINUATION, Wire.hex("e282")).bytes());
            s.add("utf8-truncated-streamed", 0, true, s.wire().frame(false, Opcode.TEXT, Wire.utf8("κ"))
                    .frame(true, Opcode.CONTINUATION, Wire.hex("e282")).bytes());
            s.add("utf8-truncated-then-empty-final-streamed", 0, true, s.wire().frame(false, Opcode.TEXT, Wire.hex("41ce"))
                    .frame(true, Opcode.CONTINUATION, new byte[0]).bytes());
            s.add("reserved-opcode", 0, false, s.wire().text("ok").frame(true, 0x3, Wire.utf8("x")).bytes());
            s.add("reserved-control-opcode", 0, false, s.wire().frame(true, 0xB, new byte[0]).bytes());
            s.add("rsv1-without-extension", 0, false, s.wire().frame(true, 4, Opcode.TEXT, Wire.utf8("x")).bytes());
            s.add("wrong-masking", 0, false, Wire.masked(role == Role.CLIENT).text("masking").bytes());
            s.add("close-1-byte-payload", 0, false, s.wire().frame(true, Opcode.CLOSE, Wire.hex("03")).bytes());
            s.add("close-code-1005-on-wire", 0, false, s.wire().close(1005, "").bytes());
            s.add("close-code-999", 0, false, s.wire().close(999, "").bytes());
            for (int code : new int[] {1004, 1006, 1012, 1014, 1015, 1016, 2999, 3000, 4999, 5000}) {
                s.add("close-code-" + code, 0, false, s.wire().close(code, "c").bytes());
            }
            s.add("messages-in-a-row", 0, false, s.wire().frame(false, Opcode.TEXT, Wire.utf8("one "))
                    .frame(true, Opcode.CONTINUATION, Wire.utf8("two")).frame(false, Opcode.TEXT, Wire.utf8("three "))
                    .frame(true, Opcode.CONTINUATION, Wire.utf8("four")).frame(false, Opcode.BINARY, Wire.pattern(3))
                    .frame(true, Opcode.CONTINUATION, Wire.pattern(4)).text("five").binary(Wire.pattern(6)).bytes());
            s.add("close-reason-invalid-utf8", 0, false, s.wire().frame(true, Opcode.CLOSE, Wire.hex("03e8 eda080")).bytes());
            s.add("close-reason-123-bytes", 0, false, s.wire().close(1001, "r".repeat(123)).bytes());
            s.add("close-payload-126-bytes", 0, false, s.wire().close(1001, "r".repeat(124)).bytes());
            s.add("continuation-without-start", 0, false, s.wire().frame(true, Opcode.CONTINUATION, Wire.utf8("c")).bytes());
            s.add("text-inside-fragmented-text", 0, false, s.wire().frame(false, Opcode.TEXT, Wire.utf8("a"))
                    .text("b").bytes());
            s.add("ping-126-bytes", 0, false, s.wire().frame(true, Opcode.PING, Wire.pattern(126)).bytes());
            s.add("ping-125-bytes", 0, false, s.wire().frame(true, Opcode.PING, Wire.pattern(125)).bytes());
            s.add("fragmented-ping", 0, false, s.wire().frame(false, Opcode.PING, Wire.utf8("p")).bytes());
            s.add("data-after-close", 0, false, s.wire().close(1000, "").text("late").ping("late").bytes());
            s.add("pings-without-auto-pong", 0, false, false, Buffers.HEAP, false, 7,
                    s.wire().ping("1").ping("22").close().bytes());
            s.add("local-close-then-peer-close", 0, false, true, Buffers.HEAP_WINDOW, true, 128,
                    s.wire().ping("before").text("during").ping("after").close(1000, "ok").bytes());
            s.add("local-close-then-violation", 0, true, true, Buffers.DIRECT_WINDOW, true, 100,
                    s.wire().text("a").frame(true, 0x7, new byte[0]).bytes());
            s.add("streamed-large-text", 3, true, true, Buffers.LITTLE_ENDIAN_SLICE, false, 200,
                    s.wire().frame(false, Opcode.TEXT, Wire.utf8("é".repeat(100)))
                            .frame(true, Opcode.CONTINUATION, Wire.utf8("€".repeat(60))).bytes());
        }
        return seeds;
    }

    /** Collects engine seeds: the two control bytes of {@link EngineScenario}, then the wire. */
    private record EngineSeeds(Map<String, byte[]> seeds, String prefix, Role role) {
        Wire wire() {
            return new Wire(role);
        }

        void add(String name, int limits, boolean stream, byte[] wire) {
            add(name, limits, stream, true, Buffers.HEAP, false, name.length() * 37, wire);
        }

        void add(String name, int limits, boolean stream, boolean autoPong, Buffers shape, boolean localClose,
                 int seedByte, byte[] wire) {
            byte[] data = new byte[EngineScenario.HEADER + wire.length];
            data[0] = (byte) EngineScenario.flags(role, stream, autoPong, limits, shape, localClose);
            data[1] = (byte) seedByte;
            System.arraycopy(wire, 0, data, EngineScenario.HEADER, wire.length);
            seeds.put("seed-" + prefix + name, data);
        }
    }

    // ------------------------------------------------------------------ handshakes

    private static Map<String, byte[]> requests() {
        Map<String, byte[]> seeds = new LinkedHashMap<>();
        String key = "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n";
        String ws = "Upgrade: websocket\r\nConnection: Upgrade\r\n" + key + "Sec-WebSocket-Version: 13\r\n";
        head(seeds, "chromium", """
                GET / HTTP/1.1
                Host: 127.0.0.1:8766
                Connection: Upgrade
                Pragma: no-cache
                Cache-Control: no-cache
                User-Agent: Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) \
                HeadlessChrome/156.0.0.0 Safari/537.36
                Upgrade: websocket
                Origin: http://127.0.0.1:8766
                Sec-WebSocket-Version: 13
                Accept-Encoding: gzip, deflate, br, zstd
                Accept-Language: en-US,en;q=0.9
                Sec-WebSocket-Key: r+pBf3JvWg5UmVAGMEle/w==
                Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits
                Sec-WebSocket-Protocol: chat, superchat

                """);
        head(seeds, "rfc6455-example", """
                GET /chat HTTP/1.1
                Host: server.example.com
                Upgrade: websocket
                Connection: Upgrade
                Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==
                Origin: http://example.com
                Sec-WebSocket-Protocol: chat, superchat
                Sec-WebSocket-Version: 13

                """);
        head(seeds, "node-ws", """
                GET /echo?room=1 HTTP/1.1
                Sec-WebSocket-Version: 13
                Sec-WebSocket-Key: x3JJHMbDL1EzLkh9GBhXDw==
                Connection: Upgrade
                Upgrade: websocket
                Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits
                Host: localhost:8080

                """);
        head(seeds, "firefox", """
                GET /socket HTTP/1.1
                Host: example.com
                User-Agent: Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0
                Accept: */*
                Sec-WebSocket-Version: 13
                Origin: https://example.com
                Sec-WebSocket-Extensions: permessage-deflate
                Sec-WebSocket-Key: AQIDBAUGBwgJCgsMDQ4PEA==
                Connection: keep-alive, Upgrade
                Sec-Fetch-Mode: websocket
                Pragma: no-cache
                Upgrade: websocket

                """);
        head(seeds, "jetty-repeated-protocol-lines", "GET /chat HTTP/1.1\r\nHost: [::1]:9000\r\n" + ws
                + "Sec-WebSocket-Protocol: chat\r\nSec-WebSocket-Protocol: superchat\r\n\r\n");
        head(seeds, "java-websocket-semicolons", "GET / HTTP/1.1\r\nHost: localhost\r\n" + ws
                + "Sec-WebSocket-Protocol: chat; superchat\r\n\r\n");
        head(seeds, "absolute-form-target", "GET ws://example.com:8080/chat?x=1 HTTP/1.1\r\nHost: other\r\n" + ws + "\r\n");
        head(seeds, "lf-only", ("GET /lf HTTP/1.1\nHost: h\n" + ws + "\n").replace("\r\n", "\n"));
        head(seeds, "leading-empty-lines", "\r\n\r\nGET / HTTP/1.1\r\nHost: h\r\n" + ws + "\r\n");
        head(seeds, "frames-after-head", "GET / HTTP/1.1\r\nHost: h\r\n" + ws + "\r\n\u0081\u0085\u0037\u00fa");
        head(seeds, "missing-key", "GET / HTTP/1.1\r\nHost: h\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Version: 13\r\n\r\n");
        head(seeds, "key-not-canonical", "GET / HTTP/1.1\r\nHost: h\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZR==\r\nSec-WebSocket-Version: 13\r\n\r\n");
        head(seeds, "key-15-bytes", "GET / HTTP/1.1\r\nHost: h\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: AAAAAAAAAAAAAAAAAAAA\r\nSec-WebSocket-Version: 13\r\n\r\n");
        head(seeds, "version-8", "GET / HTTP/1.1\r\nHost: h\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" + key
                + "Sec-WebSocket-Version: 8\r\n\r\n");
        head(seeds, "version-013", "GET / HTTP/1.1\r\nHost: h\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" + key
                + "Sec-WebSocket-Version: 013\r\n\r\n");
        head(seeds, "version-repeated", "GET / HTTP/1.1\r\nHost: h\r\n" + ws + "Sec-WebSocket-Version: 13\r\n\r\n");
        head(seeds, "post", "POST / HTTP/1.1\r\nHost: h\r\n" + ws + "\r\n");
        head(seeds, "http-1.0", "GET / HTTP/1.0\r\nHost: h\r\n" + ws + "\r\n");
        head(seeds, "http-2.0", "GET / HTTP/2.0\r\nHost: h\r\n" + ws + "\r\n");
        head(seeds, "obs-fold", "GET / HTTP/1.1\r\nHost: h\r\n" + ws + "X-Folded: a\r\n b\r\n\r\n");
        head(seeds, "space-before-colon", "GET / HTTP/1.1\r\nHost : h\r\n" + ws + "\r\n");
        head(seeds, "line-without-colon", "GET / HTTP/1.1\r\nHost: h\r\nnonsense\r\n" + ws + "\r\n");
        head(seeds, "bare-cr", "GET / HTTP/1.1\r\nHost: h\rX: y\r\n" + ws + "\r\n");
        head(seeds, "content-length", "GET / HTTP/1.1\r\nHost: h\r\n" + ws + "Content-Length: 5\r\n\r\nhello");
        head(seeds, "content-length-0", "GET / HTTP/1.1\r\nHost: h\r\n" + ws + "Content-Length: 0\r\n\r\n");
        head(seeds, "transfer-encoding", "GET / HTTP/1.1\r\nHost: h\r\n" + ws + "Transfer-Encoding: chunked\r\n\r\n");
        head(seeds, "host-repeated", "GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n" + ws + "\r\n");
        head(seeds, "host-invalid", "GET / HTTP/1.1\r\nHost: a b:99999\r\n" + ws + "\r\n");
        head(seeds, "subprotocol-repeated", "GET / HTTP/1.1\r\nHost: h\r\n" + ws
                + "Sec-WebSocket-Protocol: chat, chat\r\n\r\n");
        head(seeds, "subprotocol-not-token", "GET / HTTP/1.1\r\nHost: h\r\n" + ws
                + "Sec-WebSocket-Protocol: \"chat\", a/b\r\n\r\n");
        head(seeds, "origin-repeated", "GET / HTTP/1.1\r\nHost: h\r\n" + ws + "Origin: http://a\r\nOrigin: http://b\r\n\r\n");
        head(seeds, "fragment-in-target", "GET /chat#frag HTTP/1.1\r\nHost: h\r\n" + ws + "\r\n");
        head(seeds, "upgrade-list", "GET / HTTP/1.1\r\nHost: h\r\nUpgrade: h2c, WebSocket\r\nConnection: close, upgrade\r\n"
                + key + "Sec-WebSocket-Version: 13\r\n\r\n");
        head(seeds, "long-header-line", "GET / HTTP/1.1\r\nHost: h\r\n" + ws + "X-Long: " + "v".repeat(100) + "\r\n\r\n");
        head(seeds, "header-line-over-8192", "GET / HTTP/1.1\r\nHost: h\r\nX-Huge: " + "v".repeat(8200) + "\r\n\r\n");
        head(seeds, "control-character-in-value", "GET / HTTP/1.1\r\nHost: h\u0001\r\n" + ws + "\r\n");
        head(seeds, "hybi-08", "GET /chat HTTP/1.1\r\nHost: server.example.com\r\nUpgrade: websocket\r\n"
                + "Connection: Upgrade\r\n" + key + "Sec-WebSocket-Origin: http://example.com\r\n"
                + "Sec-WebSocket-Protocol: chat, superchat\r\nSec-WebSocket-Version: 8\r\n\r\n");
        head(seeds, "hybi-07", "GET / HTTP/1.1\r\nHost: h\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" + key
                + "Sec-WebSocket-Version: 7\r\n\r\n");
        head(seeds, "version-9", "GET / HTTP/1.1\r\nHost: h\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" + key
                + "Sec-WebSocket-Version: 9\r\n\r\n");
        String hixie76 = """
                GET /demo HTTP/1.1
                Host: example.com
                Connection: Upgrade
                Sec-WebSocket-Key2: 12998 5 Y3 1  .P00
                Sec-WebSocket-Protocol: sample
                Upgrade: WebSocket
                Sec-WebSocket-Key1: 4 @1  46546xW%0l 1 5
                Origin: http://example.com

                """;
        head(seeds, "hixie-76-draft-example", hixie76.replace("\n", "\r\n") + "^n:ds[4U");
        head(seeds, "hixie-76-content-length", hixie76.replace("\n", "\r\n").replace("Origin:", "Content-Length: 8\r\nOrigin:")
                + "^n:ds[4U");
        head(seeds, "hixie-76-key-without-spaces", hixie76.replace("\n", "\r\n").replace("12998 5 Y3 1  .P00", "12998")
                + "^n:ds[4U");
        head(seeds, "hixie-75", "GET /demo HTTP/1.1\r\nUpgrade: WebSocket\r\nConnection: Upgrade\r\nHost: example.com\r\n"
                + "Origin: http://example.com\r\nWebSocket-Protocol: sample\r\n\r\n");
        return seeds;
    }

    private static Map<String, byte[]> responses() {
        Map<String, byte[]> seeds = new LinkedHashMap<>();
        String ok = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n";
        head(seeds, "rfc6455-101", ok + "\r\n");
        head(seeds, "101-with-subprotocol", ok + "Sec-WebSocket-Protocol: chat\r\n\r\n");
        head(seeds, "101-with-extensions", ok
                + "Sec-WebSocket-Extensions: permessage-deflate; server_no_context_takeover\r\n\r\n");
        head(seeds, "101-python-websockets", """
                HTTP/1.1 101 Switching Protocols
                Upgrade: websocket
                Connection: Upgrade
                Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=
                Sec-WebSocket-Extensions: permessage-deflate; server_max_window_bits=12; client_max_window_bits=12
                Date: Sat, 21 Nov 2026 11:00:00 GMT
                Server: Python/3.11 websockets/10.4

                """);
        head(seeds, "101-lower-case-and-lists", "HTTP/1.1 101 \r\nupgrade: WebSocket\r\nconnection: keep-alive, upgrade\r\n"
                + "sec-websocket-accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n\r\n");
        head(seeds, "101-lf-only", (ok + "\r\n").replace("\r\n", "\n"));
        head(seeds, "101-then-frames", ok + "\r\n\u0081\u0005Hello");
        head(seeds, "101-no-reason", ok.replace("101 Switching Protocols", "101") + "\r\n");
        head(seeds, "101-subprotocol-not-offered", ok + "Sec-WebSocket-Protocol: other\r\n\r\n");
        head(seeds, "101-two-subprotocols", ok + "Sec-WebSocket-Protocol: chat\r\nSec-WebSocket-Protocol: superchat\r\n\r\n");
        head(seeds, "101-wrong-accept", ok.replace("xOo=", "xOp=") + "\r\n");
        head(seeds, "101-accept-repeated", ok + "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n\r\n");
        head(seeds, "101-without-upgrade", ok.replace("Upgrade: websocket\r\n", "") + "\r\n");
        head(seeds, "101-upgrade-two-tokens", ok.replace("Upgrade: websocket", "Upgrade: websocket, h2c") + "\r\n");
        head(seeds, "101-connection-keep-alive", ok.replace("Connection: Upgrade", "Connection: keep-alive") + "\r\n");
        head(seeds, "403-with-body", "HTTP/1.1 403 Forbidden\r\nContent-Type: text/plain\r\nContent-Length: 9\r\n\r\nForbidden");
        head(seeds, "301-redirect", "HTTP/1.1 301 Moved Permanently\r\nLocation: ws://example.com/other\r\n\r\n");
        head(seeds, "426-version", "HTTP/1.1 426 Upgrade Required\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\n\r\n");
        head(seeds, "http-1.0-101", ok.replace("HTTP/1.1", "HTTP/1.0") + "\r\n");
        head(seeds, "http-2.0-101", ok.replace("HTTP/1.1", "HTTP/2.0") + "\r\n");
        head(seeds, "status-1010", "HTTP/1.1 1010 Odd\r\n\r\n");
        head(seeds, "status-099", "HTTP/1.1 099 Low\r\n\r\n");
        head(seeds, "status-line-only-version", "HTTP/1.1\r\n\r\n");
        head(seeds, "obs-fold", ok + "X-Folded: a\r\n\tb\r\n\r\n");
        head(seeds, "control-character-in-reason", "HTTP/1.1 101 Switching\u0000Protocols\r\n\r\n");
        seeds.put("seed-hixie-76-101", HixieClients.serverAnswer(HixieClients.HIXIE_76));
        seeds.put("seed-hixie-75-101", HixieClients.serverAnswer(HixieClients.HIXIE_75));
        return seeds;
    }

    private static void head(Map<String, byte[]> seeds, String name, String text) {
        String crlf = text.contains("\r\n") || name.contains("lf-only") ? text : text.replace("\n", "\r\n");
        seeds.put("seed-" + name, crlf.getBytes(StandardCharsets.ISO_8859_1));
    }

    // ------------------------------------------------------------------ UTF-8 and masking

    private static Map<String, byte[]> utf8() {
        Map<String, byte[]> seeds = new LinkedHashMap<>();
        utf8(seeds, "ascii-runs", Buffers.HEAP, new int[] {5, 17}, Wire.utf8("The quick brown fox jumps over the lazy dog"));
        utf8(seeds, "kosme-cut-inside-code-points", Buffers.HEAP_WINDOW, new int[] {1, 4, 7}, Wire.utf8("κόσμε"));
        utf8(seeds, "autobahn-6.2", Buffers.DIRECT_WINDOW, new int[] {9, 10, 11},
                Wire.utf8("Hello-µ@ßöäüàá-UTF-8!!"));
        utf8(seeds, "boundaries", Buffers.LITTLE_ENDIAN_SLICE, new int[] {3, 9, 20},
                Wire.hex("00 7f c280 dfbf e0a080 efbfbf f0908080 f48fbfbf"));
        utf8(seeds, "long-ascii-then-4-byte", Buffers.DIRECT_WINDOW, new int[] {16, 18},
                concat(Wire.utf8("a".repeat(16)), Wire.hex("f09f9880"), Wire.utf8("b".repeat(9))));
        String[] invalid = {"c0af", "c1bf", "e080af", "eda080", "edbfbf", "f08080af", "f4908080", "f5808080", "ff",
            "80", "e282", "f09f98", "c3", "e2 28 a1", "f0 28 8c bc"};
        for (int i = 0; i < invalid.length; i++) {
            byte[] text = concat(Wire.utf8("abcdefgh"), Wire.hex(invalid[i]), Wire.utf8("ij"));
            utf8(seeds, "invalid-" + invalid[i].replace(" ", ""), Buffers.of(i), new int[] {8, 9}, text);
        }
        return seeds;
    }

    private static void utf8(Map<String, byte[]> seeds, String name, Buffers shape, int[] cuts, byte[] text) {
        byte[] data = new byte[1 + cuts.length + text.length];
        data[0] = (byte) (cuts.length | shape.ordinal() << 3);
        for (int i = 0; i < cuts.length; i++) {
            data[1 + i] = (byte) cuts[i];
        }
        System.arraycopy(text, 0, data, 1 + cuts.length, text.length);
        seeds.put("seed-" + name, data);
    }

    private static Map<String, byte[]> masking() {
        Map<String, byte[]> seeds = new LinkedHashMap<>();
        int[] lengths = {0, 1, 3, 7, 8, 9, 15, 16, 17, 31, 64, 100};
        for (int i = 0; i < lengths.length; i++) {
            byte[] data = new byte[7 + lengths[i]];
            data[0] = 0x37;
            data[1] = (byte) 0xFA;
            data[2] = 0x21;
            data[3] = 0x3D;
            data[4] = (byte) (i * 11);          // key offset, directness and byte orders
            data[5] = (byte) (i * 0x35);        // source and destination alignment
            data[6] = (byte) (i * 23);          // where the payload is cut
            System.arraycopy(Wire.pattern(lengths[i]), 0, data, 7, lengths[i]);
            seeds.put("seed-length-" + lengths[i], data);
        }
        return seeds;
    }

    // ------------------------------------------------------------------ extensions, hixie, inflater

    private static Map<String, byte[]> extensionHeaders() {
        Map<String, byte[]> seeds = new LinkedHashMap<>();
        String[][] headers = {
            {"chrome", "permessage-deflate; client_max_window_bits"},
            {"firefox", "permessage-deflate"},
            {"python-websockets", "permessage-deflate; server_max_window_bits=12; client_max_window_bits=12"},
            {"two-offers", "permessage-deflate; server_max_window_bits=10; client_max_window_bits=9, permessage-deflate"},
            {"both-no-context-takeover", "permessage-deflate; server_no_context_takeover; client_no_context_takeover"},
            {"webkit-deflate-frame", "x-webkit-deflate-frame"},
            {"deflate-frame-params", "deflate-frame; max_window_bits=10; no_context_takeover"},
            {"deflate-frame-then-pmd", "x-webkit-deflate-frame, permessage-deflate; client_max_window_bits=8"},
            {"quoted-bits", "permessage-deflate; server_max_window_bits=\"10\"; client_max_window_bits=\"15\""},
            {"escaped-quoted", "permessage-deflate; server_max_window_bits=\"1\\0\""},
            {"leading-zero", "permessage-deflate; server_max_window_bits=08, permessage-deflate"},
            {"bits-16", "permessage-deflate; client_max_window_bits=16"},
            {"bits-7", "permessage-deflate; server_max_window_bits=7"},
            {"repeated-parameter", "permessage-deflate; server_no_context_takeover; server_no_context_takeover"},
            {"unknown-parameter", "permessage-deflate; foo=bar, x-webkit-deflate-frame; max_window_bits=16"},
            {"value-on-flag", "permessage-deflate; client_no_context_takeover=1"},
            {"unknown-extension", "foo; bar=\"baz\", mux; max-channels=4"},
            {"unterminated-quote", "permessage-deflate; server_max_window_bits=\"10"},
            {"empty-parameter", "permessage-deflate;; client_max_window_bits"},
            {"empty-elements", "  ,\t, permessage-deflate \t;  client_max_window_bits , ,"},
            {"quoted-not-token", "permessage-deflate; x=\"a b\""},
            {"upper-case", "PerMessage-Deflate; Client_Max_Window_Bits=10"},
            {"answer-client-bits-without-value", "permessage-deflate; client_max_window_bits"},
            {"answer-both-extensions", "permessage-deflate, x-webkit-deflate-frame"},
            {"empty", ""},
        };
        for (int i = 0; i < headers.length; i++) {
            seeds.put("seed-" + headers[i][0], ExtensionHeaderFuzzTest.seed(i % 8, headers[i][1]));
        }
        seeds.put("seed-two-lines", ExtensionHeaderFuzzTest.seed(2, "foo; a=1", "permessage-deflate; client_max_window_bits=9"));
        seeds.put("seed-line-ends-in-parameter", ExtensionHeaderFuzzTest.seed(3, "permessage-deflate;", "server_no_context_takeover"));
        seeds.put("seed-empty-line", ExtensionHeaderFuzzTest.seed(1, "", "permessage-deflate"));
        return seeds;
    }

    private static Map<String, byte[]> hixie() {
        Map<String, byte[]> seeds = new LinkedHashMap<>();
        byte[] hello = concat(Wire.hex("00"), Wire.utf8("Hello"), Wire.hex("ff"));
        byte[] kosme = concat(Wire.hex("00"), Wire.utf8("κόσμε"), Wire.hex("ff"));
        String[][] cases = {
            {"hello", "00", hex(hello)},
            {"two-frames-and-close", "01", hex(hello) + hex(kosme) + "ff00"},
            {"hixie-75-close", "02", hex(hello) + "ff00" + hex(hello)},
            {"streamed", "05", hex(kosme) + hex(hello)},
            {"empty-text", "00", "00ff00ff"},
            {"length-prefixed", "00", "8005" + hex(Wire.utf8("abcde")) + hex(hello)},
            {"length-two-digits", "01", "8181" + "00".repeat(129) + hex(hello)},
            {"length-too-big", "08", "8f8f8f8f00"},
            {"close-with-length", "00", "ff8000"},
            {"type-0x01", "00", hex(hello) + "01"},
            {"invalid-utf8", "04", "00" + "c0af" + "ff"},
            {"utf8-cut-at-terminator", "00", "00e282ff"},
            {"too-long-text", "18", "00" + "41".repeat(20) + "ff"},
            {"too-long-then-invalid", "18", "00" + "41".repeat(9) + "c0ff"},
            {"invalid-then-too-long", "18", "00" + "c0" + "41".repeat(20) + "ff"},
            {"limit-exact", "10", "00" + "41".repeat(125) + "ff" + "00" + "41".repeat(126) + "ff"},
            {"unterminated", "06", "00" + hex(Wire.utf8("no end"))},
            {"frame-size-limit", "0c", "00" + "41".repeat(299) + "ff" + "00" + "41".repeat(301) + "ff"},
        };
        for (String[] c : cases) {
            seeds.put("seed-" + c[0], Wire.hex(c[1] + c[2]));
        }
        return seeds;
    }

    private static Map<String, byte[]> inflate() {
        Map<String, byte[]> seeds = new LinkedHashMap<>();
        byte[] hello = Wire.hex("f248cdc9c90700"); // RFC 7692 section 7.2.3.1
        byte[] helloShared = Wire.hex("f200110000");  // section 7.2.3.2, with the context of the first
        byte[] helloStored = Wire.hex("0005 00faff 48656c6c6f 00"); // section 7.2.3.3
        byte[] helloFinal = Wire.hex("f348cdc9c90700 00"); // section 7.2.3.4, BFINAL set
        byte[] text = Wire.utf8("The quick brown fox jumps over the lazy dog. κόσμε. ".repeat(40));
        inflate(seeds, "rfc7692-hello", 0x3C, InflaterFuzzTest.record(true, true, 1, hello));
        inflate(seeds, "rfc7692-shared-context", 0x3D,
                InflaterFuzzTest.record(true, true, 1, hello), InflaterFuzzTest.record(true, true, 1, helloShared));
        inflate(seeds, "rfc7692-shared-context-no-takeover", 0x3E,
                InflaterFuzzTest.record(true, true, 1, hello), InflaterFuzzTest.record(true, true, 1, helloShared));
        inflate(seeds, "rfc7692-stored-and-bfinal", 0x1C, InflaterFuzzTest.record(true, true, 2, helloStored),
                InflaterFuzzTest.record(true, true, 1, helloFinal), InflaterFuzzTest.record(true, false, 1, Wire.utf8("Hello")));
        inflate(seeds, "fragmented", 0x21, InflaterFuzzTest.record(false, true, 1, Arrays.copyOf(hello, 3)),
                InflaterFuzzTest.record(true, false, 3, Wire.utf8("ping")),
                InflaterFuzzTest.record(true, false, 0, Arrays.copyOfRange(hello, 3, hello.length)));
        inflate(seeds, "rsv1-on-continuation", 0x00, InflaterFuzzTest.record(false, true, 1, Arrays.copyOf(hello, 3)),
                InflaterFuzzTest.record(true, true, 0, Arrays.copyOfRange(hello, 3, hello.length)));
        inflate(seeds, "rsv1-on-ping", 0x01, InflaterFuzzTest.record(true, true, 3, hello));
        inflate(seeds, "corrupt", 0x02, InflaterFuzzTest.record(true, true, 2, Wire.hex("ffffffff0102")));
        inflate(seeds, "compressed-invalid-utf8", 0x04, InflaterFuzzTest.record(true, true, 1, deflate(Wire.hex("41c0af42"), 15)));
        for (int bits = 8; bits <= 15; bits++) {
            int control = (bits - 8) << 2 | (bits & 1) | (bits & 2) | (bits == 12 ? 0x20 : 0);
            inflate(seeds, "text-window-" + bits, control, InflaterFuzzTest.record(true, true, 1, deflate(text, bits)),
                    InflaterFuzzTest.record(true, true, 2, deflate(Wire.pattern(3000), bits)));
        }
        inflate(seeds, "bomb-1mib", 0x1C, InflaterFuzzTest.record(true, true, 2, deflate(new byte[1 << 20], 15)));
        inflate(seeds, "bomb-streamed", 0x3C | 0x20, InflaterFuzzTest.record(true, true, 2, deflate(new byte[1 << 20], 15)));
        inflate(seeds, "limit-exact", 0x3D, InflaterFuzzTest.record(true, true, 2, deflate(new byte[InflaterFuzzTest.MAX_MESSAGE], 15)),
                InflaterFuzzTest.record(true, true, 2, deflate(new byte[InflaterFuzzTest.MAX_MESSAGE + 1], 15)));
        inflate(seeds, "round-trip-large", 0x1E, InflaterFuzzTest.record(true, false, 2, Wire.pattern(60000)),
                InflaterFuzzTest.record(true, false, 1, text));
        inflate(seeds, "deflate-frame", 0xBC, InflaterFuzzTest.record(false, true, 1, Arrays.copyOf(hello, 3)),
                InflaterFuzzTest.record(true, true, 0, Arrays.copyOfRange(hello, 3, hello.length)));
        inflate(seeds, "deflate-frame-bomb", 0x81, InflaterFuzzTest.record(true, true, 2, deflate(new byte[1 << 20], 15)));
        return seeds;
    }

    private static void inflate(Map<String, byte[]> seeds, String name, int control, byte[]... records) {
        seeds.put("seed-" + name, concat(new byte[] {(byte) control}, concat(records)));
    }

    /** Raw DEFLATE, sync-flushed, without the trailing 00 00 ff ff (RFC 7692 section 7.2.1). */
    private static byte[] deflate(byte[] data, int windowBits) {
        java.util.zip.Deflater deflater = new java.util.zip.Deflater(windowBits < 12 ? 1 : 9, true);
        deflater.setInput(data);
        byte[] out = new byte[data.length + 1024];
        int n = deflater.deflate(out, 0, out.length, java.util.zip.Deflater.SYNC_FLUSH);
        deflater.end();
        return Arrays.copyOf(out, n - 4);
    }

    private static String hex(byte[] b) {
        return java.util.HexFormat.of().formatHex(b);
    }

    private static byte[] concat(byte[]... parts) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
