/**
 * {@code ptosim record}: a user's compiled simpler orchestration .so, run once against a recording
 * stand-in for the runtime (a C++ program of ours, built on first use against the user's simpler headers
 * and run out of process), turned into a ptosim program and a sidecar of what the program format cannot
 * hold. See orchestration-abi.md for the ABI it implements.
 */
package io.ptosim.record;
