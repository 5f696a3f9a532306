/**
 * The WebSocket interface that browsers give pages (WHATWG WebSockets Standard), for Java, running on Duplex's
 * client: {@link dev.duplex.browser.WebSocket}.
 */
module dev.duplex.browser {
    requires transitive dev.duplex.client;

    exports dev.duplex.browser;
}
