package dev.duplex.engine;

/** Receives the engine's events, in order, on the thread that fed the engine. */
@FunctionalInterface
public interface EventListener {
    void onEvent(Event event);
}
