package dev.duplex.cli.demo;

import dev.duplex.transport.WebSocket;
import dev.duplex.server.WebSocketHandler;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Sends every text message to every client connected to the route, the sender included. */
public final class ChatHandler implements WebSocketHandler {
    private final Set<WebSocket> members = ConcurrentHashMap.newKeySet();

    @Override
    public void onOpen(WebSocket ws) {
        members.add(ws);
    }

    @Override
    public void onText(WebSocket ws, String text) {
        for (WebSocket member : members) {
            if (member.isOpen()) {
                member.sendText(text);
            }
        }
    }

    @Override
    public void onClose(WebSocket ws, int code, String reason, boolean clean) {
        members.remove(ws);
    }

    /** How many clients are in the chat. */
    public int size() {
        return members.size();
    }
}
