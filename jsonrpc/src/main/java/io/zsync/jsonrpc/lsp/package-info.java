/**
 * A Language Server Protocol server over stdio: {@link io.zsync.jsonrpc.lsp.LanguageServer}.
 */
@NullMarked
package io.zsync.jsonrpc.lsp;

import org.jspecify.annotations.NullMarked;
