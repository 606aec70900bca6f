/**
 * Programs: what an orchestration submits, as a list of ops over symbolic tensors (external buffers,
 * outputs of earlier ops, and views of either), recorded by a Java DSL ({@link
 * io.ptosim.program.Orchestration}) that reads like a simpler orchestration, validated with errors that
 * name the op and field. Addresses of runtime-created buffers are resolved only when a program runs.
 */
package io.ptosim.program;
