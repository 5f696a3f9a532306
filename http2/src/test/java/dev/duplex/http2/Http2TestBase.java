package dev.duplex.http2;

import org.junit.jupiter.api.AfterEach;

import java.util.ArrayList;
import java.util.List;

/**
 * Base of the connection tests: every {@link H2} harness a test creates is replayed after it one byte at a time
 * ({@link H2#assertResumable()}), so every input of every test is also checked for resumability.
 */
abstract class Http2TestBase {
    private static final ThreadLocal<List<H2>> CREATED = ThreadLocal.withInitial(ArrayList::new);

    static void register(H2 h) {
        CREATED.get().add(h);
    }

    @AfterEach
    void everyInputWasResumable() {
        List<H2> list = new ArrayList<>(CREATED.get());
        CREATED.get().clear();
        for (H2 h : list) {
            h.assertResumable();
        }
    }
}
