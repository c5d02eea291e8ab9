package io.zsync.jsonrpc;

/**
 * Figures of one connection, for monitoring and tests: see {@link Context#connectionStats()}.
 *
 * @param inboundCapacity the inbound channel's capacity
 * @param inboundHighWater the most messages the inbound channel held at once so far (never above its capacity)
 * @param messagesRead frames read so far (each message of a batch counts once, the batch's frame once)
 * @param messagesWritten frames written so far
 */
public record ConnectionStats(int inboundCapacity, int inboundHighWater, long messagesRead, long messagesWritten) {
}
