package io.zsync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ConfigTest {

    @Test
    void optimalChoosesVirtualThreadsAndTheCpusThisJvmMayUse() {
        Config c = Config.optimal();
        assertEquals(ExecutionModel.VIRTUAL_THREADS, c.executionModel());
        assertEquals(Runtime.getRuntime().availableProcessors(), c.workers());
        assertEquals(Config.DEFAULT_SHUTDOWN_GRACE, c.shutdownGrace());
        assertEquals("zsync-", c.threadNamePrefix());
    }

    @Test
    void describeSaysItsChoicesInOneLine() {
        String line = Config.optimal().describe();
        assertTrue(line.startsWith("zsync: virtual threads"), line);
        assertTrue(line.contains(Runtime.getRuntime().availableProcessors() + " CPU"), line);
        assertTrue(line.contains("grace 1000 ms"), line);
        assertTrue(!line.contains("\n"), line);
        String pool = Config.builder().executionModel(ExecutionModel.WORK_STEALING).workers(3).build().describe();
        assertTrue(pool.contains("work-stealing pool of 3 daemon threads"), pool);
    }

    @Test
    void builderKeepsWhatItWasGivenAndToBuilderCopiesIt() {
        Thread.UncaughtExceptionHandler h = (t, e) -> { };
        Config c = Config.builder().executionModel(ExecutionModel.BLOCKING).workers(7).threadNamePrefix("app-")
                .uncaughtHandler(h).shutdownGrace(Duration.ZERO).captureSpawnSites(true).build();
        Config copy = c.toBuilder().build();
        for (Config x : new Config[] {c, copy}) {
            assertEquals(ExecutionModel.BLOCKING, x.executionModel());
            assertEquals(7, x.workers());
            assertEquals("app-", x.threadNamePrefix());
            assertEquals(h, x.uncaughtHandler());
            assertEquals(Duration.ZERO, x.shutdownGrace());
            assertTrue(x.captureSpawnSites());
        }
        assertEquals(ExecutionModel.BLOCKING, Config.blocking().executionModel());
    }

    @Test
    void zeroOrNegativeWorkersFailNamingTheFieldAndRange() {
        for (int bad : new int[] {0, -1, Config.MAX_WORKERS + 1}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> Config.builder().workers(bad).build());
            assertTrue(e.getMessage().startsWith("workers must be between 1 and " + Config.MAX_WORKERS
                    + " but was " + bad), e.getMessage());
            assertTrue(e.getMessage().contains("leave it unset"), e.getMessage());
        }
    }

    @Test
    void negativeOrNullGraceFailsNamingTheField() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Config.builder().shutdownGrace(Duration.ofMillis(-1)).build());
        assertTrue(e.getMessage().startsWith("shutdownGrace must be zero or more but was PT-0.001S"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Config.builder().shutdownGrace(null).build());
    }

    @Test
    void nullHandlerPrefixOrModelFailNamingTheField() {
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> Config.builder().uncaughtHandler(null).build()).getMessage()
                .startsWith("uncaughtHandler must not be null; pass a handler"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> Config.builder().threadNamePrefix(null).build()).getMessage()
                .startsWith("threadNamePrefix must not be null"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> Config.builder().executionModel(null).build()).getMessage()
                .startsWith("executionModel must not be null; choose one of [VIRTUAL_THREADS"));
    }
}
