/**
 * Bridges between zsync and the JDK's asynchronous types: {@link io.zsync.interop.Interop}.
 *
 * <p>Nothing here is null unless marked {@code @Nullable}.
 */
@NullMarked
package io.zsync.interop;

import org.jspecify.annotations.NullMarked;
