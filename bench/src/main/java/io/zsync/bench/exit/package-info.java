/**
 * Tiny programs whose process exit latency {@code bench/exit-latency.sh} measures: {@link ZsyncExit} (zsync),
 * {@link JdkExit} (the JDK alone, the reference) and {@link EmptyExit} (the floor).
 */
package io.zsync.bench.exit;
