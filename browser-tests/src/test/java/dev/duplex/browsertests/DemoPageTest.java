package dev.duplex.browsertests;

import dev.duplex.browser.WebSocket;
import dev.duplex.cli.demo.DemoServer;
import dev.duplex.server.WebSocketServer;
import dev.duplex.testsupport.Waits;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WindowType;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The page of {@code duplex serve} (the {@link DemoServer} routes) in Chromium: it exchanges messages on
 * {@code /echo}, and two tabs on {@code /chat}, plus a Java {@link WebSocket}, see each other's messages.
 */
@Timeout(60)
class DemoPageTest {
    private static Chromium chromium;
    private static WebSocketServer server;
    private static String page;

    @BeforeAll
    static void start() throws IOException {
        server = DemoServer.routes(WebSocketServer.builder().bind(new InetSocketAddress("127.0.0.1", 0)), line -> {
        }).build().start();
        page = "http://127.0.0.1:" + server.port() + "/";
        chromium = Chromium.start();
    }

    @AfterAll
    static void stop() {
        try {
            if (chromium != null) {
                chromium.close();
            }
        } finally {
            if (server != null) {
                server.stop(Duration.ofSeconds(1));
            }
        }
    }

    private static String text(String id) {
        return chromium.driver().findElement(By.id(id)).getText();
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        Waits.await(what, Duration.ofSeconds(10), condition);
    }

    private static void say(String pane, String message) {
        WebDriver driver = chromium.driver();
        driver.findElement(By.id(pane + "-input")).sendKeys(message);
        driver.findElement(By.cssSelector("#" + pane + "-form button")).click();
    }

    private static void openPage() throws InterruptedException {
        chromium.open(page);
        await("both panes are open", () -> text("echo-state").startsWith("open") && text("chat-state").startsWith("open"));
    }

    @Test
    void thePageEchoesMessagesAndChatsBetweenTabsAndJava() throws Exception {
        openPage();
        assertThat(text("echo-log")).contains("connected to ws://127.0.0.1:" + server.port() + "/echo");

        say("echo", "hello from Chromium");
        await("the echo comes back", () -> text("echo-log").contains("\u2190 hello from Chromium"));
        assertThat(text("echo-log")).contains("\u2192 hello from Chromium");

        String firstTab = chromium.driver().getWindowHandle();
        chromium.driver().switchTo().newWindow(WindowType.TAB);
        openPage();
        String secondTab = chromium.driver().getWindowHandle();

        BlockingQueue<String> javaSees = new LinkedBlockingQueue<>();
        WebSocket java = new WebSocket("ws://127.0.0.1:" + server.port() + "/chat");
        java.setOnMessage(e -> javaSees.add(e.text()));
        BlockingQueue<Integer> opened = new LinkedBlockingQueue<>();
        java.setOnOpen(e -> opened.add(java.readyState()));
        assertThat(opened.poll(10, TimeUnit.SECONDS)).isEqualTo(WebSocket.OPEN);

        say("chat", "from the second tab");
        chromium.driver().switchTo().window(firstTab);
        await("the first tab sees the second tab's message",
                () -> text("chat-log").contains("\u2190 from the second tab"));
        say("chat", "from the first tab");
        chromium.driver().switchTo().window(secondTab);
        await("the second tab sees the first tab's message",
                () -> text("chat-log").contains("\u2190 from the first tab"));

        java.send("from Java");
        await("the second tab sees Java's message", () -> text("chat-log").contains("\u2190 from Java"));
        chromium.driver().switchTo().window(firstTab);
        await("the first tab sees Java's message", () -> text("chat-log").contains("\u2190 from Java"));

        assertThat(List.of(javaSees.poll(10, TimeUnit.SECONDS), javaSees.poll(10, TimeUnit.SECONDS),
                javaSees.poll(10, TimeUnit.SECONDS)))
                .containsExactly("from the second tab", "from the first tab", "from Java");
        java.close(1000, "done");
    }
}
