package io.zsync.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.Timeout;

/**
 * The LSP and MCP samples driven over stdio by the reference clients: vscode-jsonrpc (what VS Code's language
 * client is built on) and the MCP TypeScript SDK, from the scripts in jsonrpc/src/test/node (installed there by the
 * jsonrpc module's build, npm ci). Each scenario a script prints is a test of its own.
 */
@Timeout(120)
class JsonRpcSamplesTest {
    private static final Path CLIENTS = Path.of("..", "jsonrpc", "src", "test", "node");
    private static final Pattern LINE = Pattern.compile("\\{\"scenario\":\"([^\"]+)\",\"ok\":(true|false),.*");

    @TestFactory
    List<DynamicTest> languageServerSampleWithVscodeJsonrpc() throws Exception {
        return drive("lsp-client.cjs", "io.zsync.samples.lsp.LspSample",
                List.of("initialize", "hover", "diagnostics", "completion", "ordering", "cancel", "slow command",
                        "exit", "end of input"));
    }

    @TestFactory
    List<DynamicTest> mcpServerSampleWithTheMcpSdk() throws Exception {
        return drive("mcp-client.cjs", "io.zsync.samples.mcp.McpSample",
                List.of("initialize", "tools/list", "tools/call", "invalid arguments", "progress", "cancel", "close"));
    }

    private static List<DynamicTest> drive(String script, String main, List<String> expected) throws Exception {
        assertTrue(Files.isDirectory(CLIENTS.resolve("node_modules")), "the Node clients are installed by the"
                + " jsonrpc module's build (jsonrpc/src/test/node/install.sh): build it first");
        String java = ProcessHandle.current().info().command().orElse("java");
        Process p = new ProcessBuilder("node", CLIENTS.resolve(script).toString(), java,
                System.getProperty("java.class.path"), main)
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        List<String> lines = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null;) {
                System.out.println(script + ": " + line);
                lines.add(line);
            }
        }
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), script + " did not end");
        assertEquals(0, p.exitValue(), script + " failed: " + lines);
        List<DynamicTest> tests = new ArrayList<>();
        List<String> seen = new ArrayList<>();
        for (String line : lines) {
            Matcher m = LINE.matcher(line);
            if (!m.matches()) {
                continue;
            }
            seen.add(m.group(1));
            boolean ok = m.group(2).equals("true");
            tests.add(DynamicTest.dynamicTest(m.group(1), () -> assertTrue(ok, line)));
        }
        tests.add(DynamicTest.dynamicTest("every scenario ran", () -> assertEquals(expected, seen, String.join("\n", lines))));
        return tests;
    }
}
