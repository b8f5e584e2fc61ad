/**
 * Job operations: start, restart, stop, abandon and recover executions, their owner
 * processes, the format of their saved contexts, and the runtime that boots Spring on the
 * chosen database; used by the CLI and the coming scheduler and web page, importing none
 * of them.
 */
package org.bookinglifecycle.operations;
