/** Implementation of tasks and runtimes; not exported, not API. */
@NullMarked
package io.zsync.internal.task;

import org.jspecify.annotations.NullMarked;
