package dev.hvsock.tool;

import java.io.IOException;
import java.util.List;
import java.util.UUID;

/**
 * The host's registered Hyper-V services ({@code HKLM\SOFTWARE\Microsoft\Windows NT\CurrentVersion\
 * Virtualization\GuestCommunicationServices}), as {@code hvsock services} needs them.
 */
interface ServiceRegistry {
    record Service(UUID id, String name) {
    }

    List<Service> list() throws IOException, CliException;

    void add(UUID id, String name) throws IOException, CliException;

    /** Returns false if no such service was registered. */
    boolean remove(UUID id) throws IOException, CliException;
}
